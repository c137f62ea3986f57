"""Each pass of the event coder on its own: triggers, roles, modality, location, confidence."""

import datetime as dt

from transforms.entities import find_mentions
from transforms.events import code_events
from transforms.events.actors import named_as
from transforms.events.modality import apply_modality, speculative
from transforms.events.roles import assign_roles, controller_of
from transforms.events.triggers import described, find_triggers, policy_act
from transforms.syntax import MentionIndex


def frames_of(parse, body):
    """(trigger text, frame after roles, frame after modality) for each trigger of a one-paragraph body."""
    article, segs = parse(body)
    mentions = find_mentions(segs)
    idx = MentionIndex(mentions, segs)
    out = []
    for c in find_triggers(1 if segs[0].in_title else 0, segs[-1].doc):
        framed = assign_roles(c, idx)
        out.append((c.text, framed, apply_modality(framed, idx) if framed else None))
    return out


def codes(actors):
    return [a.code for a in actors]


def test_as_opposed_to_is_no_trigger(parse):
    _, segs = parse("Labour wants a real obligation as opposed to a recommendation.")
    assert "opposed" not in {c.text for s in segs for c in find_triggers(0, s.doc)}


def test_triggers_find_verbs_with_particles_and_skip_names_and_hypotheticals(parse):
    _, segs = parse("Russia called for talks after Live Aid, but any Israeli strike would be a mistake.")
    found = [c.text for c in find_triggers(0, segs[0].doc)]
    assert "called for" in found
    assert not any("Aid" in t or "strike" in t for t in found)


def test_roles_subject_object_and_passive_agent(parse):
    ((_, f, _),) = frames_of(parse, "The Syrian army was attacked by Turkish troops.")
    assert codes(f.sources) == ["TURMIL"] and codes(f.targets) == ["SYRMIL"]


def test_roles_reduced_passive_keeps_victims_as_targets(parse):
    (kill,) = [x for x in frames_of(parse, "Pakistani citizens killed by US drones were buried on Monday.")
               if x[0] == "killed"]
    assert codes(kill[2].sources) == ["USA"] and codes(kill[2].targets) == ["PAKCVL"]


def test_object_control_the_one_urged_or_forced_does_the_embedded_act(parse):
    _, segs = parse("The UN forced Serbia to withdraw. Turkey urged Russia to support the opposition.")
    doc = segs[0].doc
    withdraw = next(t for t in doc if t.lower_ == "withdraw")
    support = next(t for t in doc if t.lower_ == "support")
    assert controller_of(withdraw).text == "Serbia" and controller_of(support).text == "Russia"
    promised = parse("Iran promised Russia to stop enrichment.")[1][0].doc
    assert controller_of(next(t for t in promised if t.lower_ == "stop")) is None


def test_what_one_is_urged_to_do_is_a_request_not_a_deed(parse):
    evs = code_events(*_with_mentions(parse, "Britain encouraged Iran to accept the deal. Turkey urged Russia to "
                                             "support the Syrian opposition."))
    assert not any(e.plover_type in ("AGREE", "SUPPORT") for e in evs)
    (urge,) = [e for e in evs if e.trigger_text == "urged"]
    assert (urge.source_code, urge.target_code, urge.plover_type) == ("TUR", "RUS", "REQUEST")
    # telling a programme something is speech, even where the parser reads the programme's "'s" as a verb
    told = code_events(*_with_mentions(parse, "Tony Blair spoke on Sunday. \"Let's be realistic - the election is "
                                              "not going to be decided on the basis of what Mr Jackson did\", he told "
                                              "BBC 1's Breakfast with Frost programme."))
    assert [e for e in told if e.trigger_text == "told"] == []


def test_speculation_is_not_a_deed(parse):
    _, segs = parse("Officials said Iran might attack Israel. It is not known whether Israel attacked Iran. "
                    "Will Iran attack Israel?")
    attacks = [t for s in segs for t in s.doc if t.lower_ in ("attack", "attacked")]
    assert all(speculative(t) for t in attacks)
    assert not speculative(parse("Iran attacked Israel.")[1][0].doc[1])
    assert code_events(*_with_mentions(parse, "Iraqi officials said Iran might attack Baghdad any day.")) == []
    # a conjunct with no auxiliary of its own is as speculative as the verb it is conjoined to
    _, segs = parse("The Tories claim Labour can keep the economy sound, increase spending and cut taxes.")
    assert speculative(next(t for t in segs[0].doc if t.lower_ == "increase"))
    assert not speculative(parse("Iran said it could talk to Israel but attacked Iraq.")[1][0].doc[8])  # "attacked"


def test_an_act_told_twice_by_a_verb_and_its_to_clause_is_one_event(parse):
    coded = coder(parse, "trigger_text", "plover_type", "target_code")
    assert coded("The Israeli government refuses to accept Syria's denials.") == [("accept", "REJECT", "SYR")]
    assert coded("The French government agreed to instruct the IMF to act.") == [("instruct", "AGREE", "IGOIMF")]
    # and by a verb and the noun event it carries: the verb's
    assert coded("The Pentagon put US troops on alert.") == [("put on", "MOBILIZE", "USAMIL")]
    assert coded("Israeli troops imposed a curfew on Hebron.") == [("imposed curfew", "COERCE", "PSE")]
    # another type in the clause is another event (here one not done)
    negated = coder(parse, "trigger_text", "plover_type", "negated")
    assert sorted(negated("France refused to criticise Germany.")) == [("criticise", "ACCUSE", True),
                                                                        ("refused", "REJECT", False)]


def test_an_act_told_as_done_at_the_time_is_background(parse):
    types = coder(parse, "plover_type")
    assert types("The EU's move was welcomed at the time by the Chinese government.") == []
    assert types("The Chinese government welcomed the EU's move at the time of the summit.") == ["SUPPORT"]


def test_an_act_that_only_seems_or_is_believed_done_is_not_a_deed(parse):
    types = coder(parse, "plover_type")
    assert types("France appeared to reject the German plan.") == []
    assert types("Iran's ministers are believed to have agreed to meet Iraq.") == []
    assert types("The Kenyan opposition leader is thought to have been arrested by Kenyan police.") == []
    # a count hedged is not the act: the act is reported
    assert types("Hundreds of protesters are thought to have been arrested by Kenyan police.") == ["COERCE"]
    assert types("France rejected the German plan.") == ["REJECT"]
    assert types("The French minister appeared before the German parliament and rejected the plan.") == ["REJECT"]


def test_conditions_and_hypotheticals_are_not_deeds_but_announced_conditionals_are_threats(parse):
    def types(body):
        return [e.plover_type for e in code_events(*_with_mentions(parse, body))]

    assert types("If Iran attacks Israel, the United States will respond.") == []
    assert types("Unless the plan is discussed, the EU would never reach agreement with Turkey.") == []
    assert types("Somalia's government said it would detain journalists if they criticise it.") == ["THREATEN"]


def test_acts_warned_against_or_barred_are_not_done(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    assert coded("Russia warned Ukraine on Tuesday against joining NATO.") == [("warned", "THREATEN")]
    assert coded("Iran cautioned Iraq against attacking Kurdish towns.") == [("cautioned", "THREATEN")]
    # what someone is accused or suspected of is alleged; what they are convicted of is the deed
    assert coded("Israel has been accused of killing Palestinian civilians in Gaza.") == [("accused", "ACCUSE")]
    assert coded("Iran is suspected of supplying weapons to Hezbollah.") == [("suspected", "ACCUSE")]
    assert ("killing", "ASSAULT") not in coded("Two Kenyan soldiers were charged with killing protesters in Nairobi.")
    assert ("killing", "ASSAULT") in coded("Two Kenyan soldiers were convicted of killing protesters in Nairobi.")


def test_acts_their_clause_dates_to_well_before_publication_are_background(parse):
    article, segs = parse("The EU imposed an arms ban on China in 1989. The EU banned arms sales to Iran on Monday.",
                          date="Published: Thursday 23 February 2012")
    evs = code_events(article, segs, find_mentions(segs))
    assert {e.target_code for e in evs} == {"IRN"}
    assert [e.event_date for e in evs] == [dt.date(2012, 2, 20)]
    # a deed of earlier months is background too; a month of what will be done is the coming one
    article, segs = parse("Iran expelled two French diplomats in November. Iran will expel the French ambassador in "
                          "August. Iran expelled the British ambassador earlier this month.",
                          date="Published: Thursday 23 February 2012")
    evs = code_events(article, segs, find_mentions(segs))
    assert sorted(e.target_code for e in evs) == ["FRAGOV", "GBRGOV"]


def test_denied_acts_are_negated(parse):
    (e,) = code_events(*_with_mentions(parse, "Israel denied that Syria attacked the convoy."))
    assert (e.source_code, e.plover_type, e.negated) == ("SYR", "ASSAULT", True)
    (e,) = code_events(*_with_mentions(parse, "Russia denied attacking the Georgian convoy."))
    assert (e.source_code, e.plover_type, e.negated) == ("RUS", "ASSAULT", True)
    (e,) = code_events(*_with_mentions(parse, "Britain denied reports that it paid a ransom to Iraq."))
    assert (e.source_code, e.plover_type, e.negated) == ("GBR", "CONCEDE", True)  # denied, not refused


def test_dismissing_or_rejecting_what_was_said_is_no_rejection(parse):
    def types(body):
        return [e.plover_type for e in code_events(*_with_mentions(parse, body))]

    assert types("Russia dismissed the talk of a split with China.") == []
    assert "REJECT" not in types("Russia rejected the accusations from China.")  # China accused; no refusal
    assert types("Russia rejected the Chinese proposal.") == ["REJECT"]


def test_generic_agents_take_the_country_the_article_is_about(parse):
    body = ("Kenya's election was disputed. In Nairobi, the capital of Kenya, police arrested dozens of "
            "protesters on Monday.")
    evs = code_events(*_with_mentions(parse, body))
    (arrest,) = [e for e in evs if e.trigger_text == "arrested"]
    assert (arrest.source_code, arrest.target_code) == ("KENCOP", "KENOPP")
    # without a country the article is plainly about, police and protesters are nobody in particular
    assert code_events(*_with_mentions(parse, "Police arrested dozens of protesters on Monday.")) == []


def coder(parse, *fields, **parse_args):
    """A function from a one-paragraph body to its coded events, each as the tuple of ``fields`` (the field alone
    when there is one); ``parse_args`` go to ``parse`` (``date=None``: an undated article)."""
    def coded(body):
        events = code_events(*_with_mentions(parse, body, **parse_args))
        rows = [tuple(getattr(e, f) for f in fields) for e in events]
        return [r[0] for r in rows] if len(fields) == 1 else rows

    return coded


def _with_mentions(parse, body, **parse_args):
    article, segs = parse(body, **parse_args)
    return article, segs, find_mentions(segs)


def test_a_foreign_place_near_a_person_never_makes_him_its_government(parse):
    evs = code_events(*_with_mentions(parse, "Minister Paul Grant said on Monday that Israel must leave Gaza."))
    assert not any(e.source_code == "ISRGOV" for e in evs)
    evs = code_events(*_with_mentions(parse, "Ambassador Tom Hill, speaking in Moscow, condemned the arrests."))
    assert not any(e.source_country == "RUS" for e in evs)
    # what the article says he is places him: a title with a demonym
    (e,) = code_events(*_with_mentions(parse, "British Ambassador Tom Hill condemned the arrests in Moscow."))
    assert e.source_code == "GBRGOV" and e.location_country == "RUS"


def test_dictionary_breadth_patterns_and_senses_without_events(parse):
    # a verb only the PETRARCH dictionary knows, with a named target
    (e,) = [e for e in code_events(*_with_mentions(parse, "Russia lambasted Georgia over the border incident."))]
    assert (e.source_code, e.target_code, e.plover_type) == ("RUS", "GEO", "ACCUSE")
    # a dictionary pattern on the object: lifting a state of emergency eases it
    (lift,) = code_events(*_with_mentions(parse, "Egypt lifted the state of emergency on Monday."))
    assert (lift.cameo_code, lift.plover_type) == ("0814", "CONCEDE")


def test_verbs_the_dictionary_codes_only_by_their_object_need_that_object(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    assert coded("Sweden delivered food to Somalia.") == [("delivered", "AID")]
    assert coded("Gordon Brown delivered his Budget on Wednesday.") == []
    assert coded("The EU froze the assets of Iranian banks.") == [("froze", "SANCTION")]
    # restoring a link is no support: the pledge is the event (an intent whose act has no code of its own)
    assert coded("The Tories pledged to boost pensions by restoring the link between earnings and pensions.") == [
        ("pledged", "AGREE")]
    # hosting is an event with guests or a meeting, not a programme
    assert coded("Robert Kilroy-Silk hosted a BBC television programme for years.") == []
    assert coded("Kenya hosted talks between Sudan and the SPLA.") == [("hosted", "CONSULT")] * 2


def test_one_s_own_policy_defended_and_a_comment_declined_are_statements(parse):
    coded = coder(parse, "trigger_text")

    assert coded("Tony Blair defended his anti-terror measures on Sunday.") == []
    # a policy defended with no maker named is one's own case put; so is defending oneself
    assert coded("The Home Office defended the measures on Sunday.") == []
    assert coded("The US is bound by law to help Taiwan defend itself.") == []
    assert coded("Yasser Arafat defended Iraq against Western criticism.") == ["defended against"]
    assert coded("Jack Straw has defended plans to end the European Union's arms embargo on China.") == ["defended"]
    assert coded("Kenya praised Uganda's decision to withdraw troops.") == ["praised"]
    assert coded("Kenya reiterated its support for the Ugandan government's plans.") != []
    assert "support" in coded("The AU will recognize the Somali government and support its efforts.")
    assert coded("The Taliban refused to detail the deal with Pakistan.") == []
    assert coded("Gordon Brown refused to deny the claims.") == []


def test_an_act_stopped_is_its_reduction_and_what_one_is_urged_to_stop_is_no_deed(parse):
    coded = coder(parse, "trigger_text", "cameo_code", "target_text")

    assert coded("Russia stopped supplying gas to Ukraine.") == [("supplying", "162", "Ukraine")]
    assert coded("Russia will stop supplying gas to Ukraine.") == [("supplying", "131", "Ukraine")]
    assert coded("Syrian rebels stopped attacking government troops.") == [
        ("attacking", "087", "government troops")]
    assert coded("Iran continued supplying weapons to Hezbollah.") == [("supplying", "072", "Hezbollah")]
    assert [t for t, _, _ in coded("Turkish President Recep Tayyip Erdogan urged the United States to stop "
                                   "supporting the Kurdish militia.")] == ["urged"]


def test_what_is_demanded_or_asked_from_someone_is_asked_of_them(parse):
    coded = coder(parse, "source_code", "target_code")

    assert coded("British minister Ben Bradshaw demanded answers from the Kremlin.") == [("GBRGOV", "RUSGOV")]
    assert coded("Kenya requested help from the United Nations.") == [("KEN", "IGOUNO")]


def test_asylum_is_granted_by_a_state_and_relations_are_downgraded(parse):
    coded = coder(parse, "plover_type", "source_code", "target_code")

    assert coded("Four Iranian dissidents have been granted asylum in the Czech Republic.") == [
        ("AID", "CZEGOV", "IRNOPP")]
    assert coded("The Czech Republic granted asylum to four Iranian dissidents.") == [("AID", "CZE", "IRNOPP")]
    assert coded("Greece downgraded relations with Liberia.") == [("SANCTION", "GRC", "LBR")]
    assert coded("Moody's downgraded Greece's credit rating.") == []


def test_what_is_said_about_acts_is_not_the_act(parse):
    def types(body):
        return [e.plover_type for e in code_events(*_with_mentions(parse, body))]

    assert types("The Greek minister refused to say whether Greece would leave the euro.") == []
    assert types("Britain warned of the dangers of a trade war.") == []
    assert types("Iran warned Israel against an attack.") == ["THREATEN"]
    # warned that something may come is a forecast; warned of harm or of what one will do, a threat
    assert types("Ecologists warned MSPs that wind farms could spoil the landscape.") == []
    assert types("The Liberal Democrats warned Labour they were in danger of pandering to prejudice.") == []
    assert types("Finland warned Russia that it would not tolerate the occupation.") == ["THREATEN"]
    assert types("Israel warned Hamas that its camps would be bombed.") == ["THREATEN"]
    assert types("South Africa's government warned journalists that detention on the spot is a possibility.") == [
        "THREATEN"]
    # agreeing with a view or that something is so shares an opinion; agreeing on, to or with a "to"-clause agrees
    assert types("Lord Tebbit said he agreed with Dr Fox's view.") == []
    assert types("Andy Hayman said he did not agree with politicians who have objected to the plans.") == []
    assert types("Councillors from Nottingham agreed that there was nothing wrong with Mr Blair's leadership.") == []
    assert types("Iran and Iraq agreed on a ceasefire.") == ["AGREE", "AGREE"]
    assert types("Iran and Iraq agreed that talks should resume next week.") == ["AGREE", "AGREE"]
    assert types("Brown said he had agreed with the Italian finance minister to push forward with plans.") == ["AGREE"]
    # going or leading to no one and nowhere is no visit; "called for X to be done" is an appeal, not a phone call
    assert types("Labour lead the Conservatives by 39% to 34% in the poll.") == []
    assert types("The scandal led to the resignation of the Italian minister.") == []
    assert types("Germany and France have repeatedly called for the embargo to be lifted.") == ["REQUEST", "REQUEST"]
    # a question put is no appeal; dismissing someone as something, or going on the offensive in words, is criticism
    assert types("Michael Fallon asked Gordon Brown whether the Treasury had leaned on the ONS.") == []
    assert types("Charles Kennedy dismissed the Conservatives as a fading force.") == ["ACCUSE"]
    assert types("Tory leader Michael Howard went on the offensive over comments by David Blunkett.") == ["ACCUSE"]
    assert types("The Myanmar government ordered an all-out offensive on the insurgents.") == ["ASSAULT"]
    assert "ACCUSE" not in types("Tony Blair discussed the claims and dismissed them as a load of nonsense.")
    # an act told as done before, or the topic of an inquiry, is background
    assert types("The US said Australian Mamdouh Habib, previously accused of terrorist offences, is free.") == []
    assert types("Mr Mubanga, a Briton, was originally detained by Zambian police in Zambia.") == []
    assert types("Mr Mubanga, a Briton, was detained by Zambian police in Zambia.") == ["COERCE"]
    assert "PROTEST" not in types("Lord Scarman will be remembered for the public inquiry he led into a string of "
                                  "race riots which began in Brixton.")
    assert "PROTEST" not in types("Police began an inquiry into the riots in Brixton.")
    # an investigation of no wrong and no one is no accusation
    assert types("Royal Mail said it was investigating a problem with the delivery route.") == []
    assert types("Croatia is investigating alleged war crimes by Croatian extremists.") == ["ACCUSE"]
    assert types("Malaysia launched an investigation into the treatment of the Faroe Islands.") == ["ACCUSE"]
    assert types("Israeli leaders have the power to suspend the talks.") == []
    assert types("Labour attacked the Conservative plans for schools.") == ["ACCUSE"]
    assert types("The Philippine army vowed to fight poverty.") == []
    assert types("Iraqi forces attacked Syrian border posts.") == ["ASSAULT"]


def test_a_stance_expressed_is_coded_by_the_stance_and_aimed_at_what_it_is_about(parse):
    coded = coder(parse, "plover_type", "cameo_code", "source_code", "target_code")

    assert coded("France expressed support for the Iraqi government.") == [("SUPPORT", "051", "FRA", "IRQGOV")]
    assert coded("Germany voiced solidarity with Ukraine.") == [("SUPPORT", "051", "DEU", "UKR")]
    assert coded("Labour threw its support behind Gordon Brown.")[0][:2] == ("SUPPORT", "051")
    assert coded("The EU voiced strong criticism of Israel.") == [("ACCUSE", "111", "IGOEEC", "ISR")]
    # the stance is never an actor: "opposition" here is no opposition party
    assert coded("Russia voiced opposition to the plan.") == [("ACCUSE", "110", "RUS", None)]
    # a stance promised is an intent, as the dictionary codes it
    assert coded("China pledged support for Pakistan.")[0][0] == "AGREE"


def test_a_policy_made_known_by_a_policy_maker_is_an_intent_to_change_policy(parse):
    def coded(sentence):
        body = "The row over British policy deepened in London on Monday. " + sentence
        return [(e.plover_type, e.cameo_code, e.source_code) for e in code_events(*_with_mentions(parse, body))
                if e.sentence == sentence]

    assert coded("The Conservatives unveiled plans to cut taxes.") == [("AGREE", "0342", "GBRPTY")]
    assert coded("Labour will scrap tuition fees.") == [("AGREE", "0342", "GBRPTY")]
    assert coded("Gordon Brown is to freeze petrol duty.") == [("AGREE", "0342", "GBRGOV")]
    assert coded("Migrants will have to undergo tests under plans unveiled by the Conservatives.") == [
        ("AGREE", "0342", "GBRPTY")]
    # done, denied, demanded, not yet presented, or charged by an opponent: no policy made known
    assert coded("Labour scrapped tuition fees.") == []
    assert coded("Labour will not scrap tuition fees.") == []
    assert coded("Tony Blair should set out a proper exit strategy.") == []
    assert coded("The Conservatives hoped to announce their proposals soon.") == []
    assert coded("Tony Blair claimed the Tories would cut public services.") == []
    # only the base form can be announced; a perfect is left to the dictionary's reading of the verb
    _, segs = parse("Ghana has established a committee and will establish a court.")
    established, establish = [t for t in segs[0].doc if t.lemma_ == "establish"]
    assert policy_act(established) is None and policy_act(establish)[0].code == "0342"
    # the dictionary's reading of a plan presented wins ("announced plans" 030), a plan not yet presented is none
    assert coded("The Conservatives announced plans to cut taxes.") == [("AGREE", "030", "GBRPTY")]
    assert coded("The Conservatives hoped to announce plans to cut taxes.") == []
    # a plan of one's own dropped is a climbdown; someone else's, when one will scrap it, one's own policy
    assert coded("The government has been forced to drop its plans for ID cards.") == [("CONCEDE", "080", "GBRGOV")]
    assert coded("Labour will scrap the Tory plans.") == [("AGREE", "0342", "GBRPTY")]
    assert coded("The government has to drop its plans for ID cards.") == []  # a demand
    # a verb with a particle of the dictionary's is that verb: "backed down" is no support
    assert "SUPPORT" not in {t for t, _, _ in coded("Labour backed down over the casino plans.")}
    # a plan to use force is a threat
    assert coded("Uruguay has announced a plan to invade Fiji.") == [("THREATEN", "138", "URY")]


def test_a_noun_event_undergone_is_done_to_the_subject_by_the_one_it_comes_from(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    assert coded("The Israeli government faced strong criticism from the United Nations.") == [
        ("criticism", "ACCUSE", "IGOUNO", "ISRGOV")]
    assert coded("Iran came under pressure from France over its nuclear programme.") == [
        ("pressure", "REQUEST", "FRA", "IRN")]
    # the verb one undergoes it with is no event of its own ("came" is no arrival of troops)
    assert coded("Iraqi troops came under attack from insurgents in Mosul.") == [
        ("attack", "ASSAULT", "IRQREB", "IRQMIL")]
    # or the one named as its possessor or modifier
    assert coded("Iran came under US pressure over its nuclear programme.") == [("pressure", "REQUEST", "USA", "IRN")]
    assert coded("The Israeli government faced Egypt's criticism.") == [("criticism", "ACCUSE", "EGY", "ISRGOV")]


def test_a_court_finding_of_a_wrong_is_an_accusation(parse):
    coded = coder(parse, "plover_type", "source_code", "target_code")

    assert coded("Pakistan's Supreme Court ruled that the election was illegal.") == [("ACCUSE", "PAKJUD", None)]
    assert coded("The Pakistani court found that the minister had lied.") == [("ACCUSE", "PAKJUD", "PAKGOV")]
    assert coded("Pakistani police found illegal weapons in a house.") == []  # no finding said of anyone


def test_a_weapons_test_is_a_show_of_force_not_an_attack(parse):
    coded = coder(parse, "plover_type", "cameo_code")

    assert coded("North Korea test-fired two ballistic missiles into the sea.") == [("MOBILIZE", "150")]
    assert coded("Iran tested a new ballistic missile on Sunday.") == [("MOBILIZE", "150")]
    assert coded("Pakistan carried out a nuclear test.") == [("MOBILIZE", "150")]
    assert coded("North Korea fired two missiles at South Korea.")[0][0] == "ASSAULT"
    assert coded("Iran tested the patience of France.") == []


def test_the_recipient_of_an_amount_given_is_the_target(parse):
    coded = coder(parse, "source_code", "target_code")

    assert coded("The European Union pledged 50 million euros in humanitarian aid to Sudan.") == [("IGOEEC", "SDN")]
    assert coded("Britain gave 5 million pounds of aid to Haiti.") == [("GBR", "HTI")]
    # what a halt is in is no recipient: only an amount's is
    assert coded("The leaders of separatist groups in Tajikistan have ordered a temporary halt in attacks against "
                 "government forces.")[0][1] is None


def test_attacks_by_politicians_are_words_unless_the_sentence_tells_of_force(parse):
    coded = coder(parse, "cameo_code", "source_code", "target_code")

    assert coded("Michael Howard launched an attack on the cost of Britain's asylum system.")[0][0] == "111"
    assert coded("The Conservative leader attacked Tony Blair over the war.") == [("111", "GBRPTY", "GBRGOV")]
    assert coded("Russia attacked Georgia.") == [("190", "RUS", "GEO")]  # a country's attack is force
    assert coded("Thousands of protesters stormed the presidential palace in Vienna.")[0][0] == "190"  # a building
    assert coded("The Syrian minister attacked Homs rebels with helicopters.")[0][0][:2] == "19"  # force told
    # so is a clash: ministers and judges clash in words, protesters and police with force
    assert coded("Britain's top judge has clashed with ministers about public inquiries.")[0][0] == "111"
    assert coded("Protesters clashed with police in Cairo on Friday.")[0][0] == "190"


def test_asking_someone_to_act_is_a_request_to_them(parse):
    (e,) = code_events(*_with_mentions(parse, "Germany invited Turkey to join the talks."))
    assert (e.source_code, e.target_code, e.plover_type) == ("DEU", "TUR", "REQUEST")


def test_a_target_phrase_that_names_no_actor_stands_for_its_owner_or_addressee(parse):
    def pairs(body):
        return [(e.source_code, e.target_code) for e in code_events(*_with_mentions(parse, body))]

    assert pairs("Russia condemned Georgia's decision.") == [("RUS", "GEO")]
    assert pairs("Russia condemned its own decision.") == [("RUS", None)]
    assert ("RUS", "GEO") in pairs("Russia wrote to Georgia on Monday, asking for talks.")


def test_a_pronoun_stands_for_an_earlier_subject_that_agrees_with_it(parse):
    def sources(body):
        return {(e.trigger_text, e.source_code) for e in code_events(*_with_mentions(parse, body))}

    body = ("Lib Dem leader Charles Kennedy said the Netherlands and Portugal have announced withdrawals. "
            "He accused Russia of arrogance.")
    assert ("accused", "GBRGOV") in sources(body) and ("accused", "NLD") not in sources(body)
    assert ("detain", "SOMGOV") in sources("Somalia's government issued a statement saying it would detain "
                                           "journalists if they criticise it.")
    assert ("condemned", "RUS") not in sources("Russia sent troops to the border. He condemned Georgia.")


def test_the_article_s_country_is_its_main_place_else_the_one_most_of_its_names_belong_to(parse):
    from transforms.events import home_country

    def home(body):
        _, segs = parse(body)
        return home_country(segs, find_mentions(segs))

    assert home("Syrian troops shelled Homs. Syria's army said it held Aleppo.\n\nDamascus denied it.") == "SYR"
    # no place dominates: a Labour minister, the Commons and a Tory outnumber one American firm
    assert home("Labour minister Alan Johnson told the Commons that EDS, an American firm, had failed. "
                "A Tory MP agreed with Mr Johnson.") == "GBR"
    # a nationality word counts once, a named place twice: "Romanian and Bulgarian visas" do not outvote the UK
    assert home("MPs said the UK should remove the Romanian and Bulgarian visa holders. Bulgarian officials and "
                "Romanian officials denied it. The UK Home Office agreed.") == "GBR"
    body = "Labour minister Alan Johnson told the Commons that the agency had failed. A Tory MP criticised Mr Johnson."
    (e,) = code_events(*_with_mentions(parse, body))  # no place named: the article's country is where
    assert (e.location_text, e.location_country, e.location_source) == ("United Kingdom", "GBR", "article")
    assert e.lat is not None


def test_an_unplaced_person_is_of_the_country_of_the_article_s_people_not_of_its_topic(parse):
    body = ("UKIP leader Roger Knapman said Germany saw the EU as an empire. Germany denied it, and Germany's "
            "government said Germany wanted peace.\n\nMr Kilroy-Silk criticised the Labour Party on Monday.")
    (e,) = [e for e in code_events(*_with_mentions(parse, body)) if e.trigger_text == "criticised"]
    assert (e.source_country, e.target_code) == ("GBR", "GBRPTY")


def test_victims_of_an_unnamed_doer_stay_targets_and_a_people_s_enclave_is_a_target(parse):
    (e,) = code_events(*_with_mentions(parse, "Three citizens were killed by drones in Waziristan, Pakistani "
                                              "officials said."))
    assert (e.source_code, e.target_code, e.plover_type) == (None, "PAKCVL", "ASSAULT")
    (o,) = code_events(*_with_mentions(parse, "Turkey's offensive against a Kurdish enclave in Syria entered its "
                                              "second week."))
    assert (o.source_code, o.target_country, o.plover_type) == ("TUR", "SYR", "ASSAULT")


def test_a_participle_that_describes_a_noun_reports_no_act(parse):
    _, segs = parse("They lead a party with an ageing and declining membership. Shiite forces backed by Iran took "
                    "control of Basra.")
    tokens = {t.text: t for s in segs for t in s.doc}
    assert described(tokens["declining"]) and described(tokens["backed"])
    # the verb of a clause still reports its act
    _, segs = parse("Iran backed the Shiite forces. The Shiite forces were backed by Iran.")
    assert not any(described(t) for s in segs for t in s.doc if t.lemma_ == "back")


def test_a_noun_event_after_a_noun_that_is_only_wanted_or_referred_to_is_not_held(parse):
    types = coder(parse, "plover_type")
    assert types("Italy and Germany also favour an early start to talks.") == []
    assert types("Italy and Germany held a round of talks in Rome.") == ["CONSULT", "CONSULT"]
    # a phrase that hangs on the doers: they do it
    assert coder(parse, "trigger_text", "plover_type")(
        "With hundreds of Kenyan teachers on strike, 70 percent of Kenyan teachers returned to work.") == [
        ("strike", "PROTEST")]


def test_conjoined_participles_share_the_passive_and_its_agent(parse):
    evs = code_events(*_with_mentions(parse, "Eritreans have been detained and deported to Ethiopia by Sudanese "
                                             "police."))
    assert {(e.trigger_text, e.source_code, e.target_code) for e in evs} == {
        ("detained", "SDNCOP", "ERI"), ("deported", "SDNCOP", "ERI")}


def test_a_clause_with_its_own_passive_auxiliary_is_passive_whatever_subject_it_inherits(parse):
    coded = coder(parse, "source_code", "target_code")
    # the victims are the raised subject of "believed": the passive is "have been killed"
    assert coded("At least 20 Syrian civilians are believed to have been killed by Turkish troops.") == [
        ("TURMIL", "SYRCVL")]
    assert coded("Iran wants to be consulted by France.") == [("FRA", "IRN")]


def test_the_purpose_of_a_deed_is_coded_and_that_of_a_plan_is_not(parse):
    def codes_of(body):
        return {(e.trigger_text, e.plover_type) for e in code_events(*_with_mentions(parse, body))}

    assert ("allow delivery", "RETREAT") in codes_of(
        "Uzbekistan opened the bridge to allow the delivery of grain to Afghanistan.")
    assert not any(t == "free" for t, _ in codes_of("Britain plans to cut 1,000 army jobs to free money for Iraq."))
    # a gerund that states the deed ("guilty of violating") is one
    assert ("violating agreement", "ASSAULT") in codes_of("The Philippine army is guilty of violating the ceasefire "
                                                         "agreement, Manila said.")


def test_conjoined_powers_and_opinions_on_states_are_no_events(parse):
    assert code_events(*_with_mentions(parse, "The panel has the power to suspend or bar Mr Smith of Britain.")) == []
    assert code_events(*_with_mentions(parse, "British ministers said France should not have a veto.")) == []


def test_words_in_other_senses_are_no_events(parse):
    coded = coder(parse, "trigger_text", "plover_type")
    # "demonstrate" with an object or a clause is to show
    assert coded("The Liberal Democrats have demonstrated that they can beat the Conservative Party.") == []
    assert coded("Thousands of Kenyan students demonstrated against the Kenyan government.") == [
        ("demonstrated against", "PROTEST")]
    # a debate in a legislature is deliberation
    assert coded("The Kenyan parliament is debating a bill on Somalia.") == []
    assert coded("The bill will be debated by the Kenyan parliament on Monday.") == []
    # taking part is in what one takes part in
    assert coded("Tony Blair has ruled out taking part in a televised debate.") == []
    # struck by something that uses no force; a text released
    assert coded("Labour MPs have been struck by the level of concern among British voters.") == []
    assert coded("The Russian Embassy released a statement on Taiwan.") == []
    assert coded("Kenyan rebels released three French hostages.") == [("released", "RETREAT")]


def test_workers_who_strike_go_on_strike(parse):
    coded = coder(parse, "trigger_text", "plover_type")
    assert coded("Workers at Kenya's state power company struck for 48 hours.") == [("struck for", "PROTEST")]
    assert coded("Kenyan troops struck at rebel positions.") == [("struck at", "ASSAULT")]


def test_whatever_is_threatened_is_a_threat(parse):
    coded = coder(parse, "trigger_text", "plover_type")
    assert coded("Five Kenyan judges are threatening to resign.") == [("resign", "THREATEN")]
    assert coded("Russia threatened to cut gas supplies to Ukraine.") == [("cut", "THREATEN")]
    assert coded("Five Kenyan judges have agreed to resign.") == [("resign", "AGREE")]


def test_another_country_s_prediction_is_no_intent(parse):
    assert code_events(*_with_mentions(parse, "Russia said Ukraine will join the talks in Minsk.")) == []
    (e,) = code_events(*_with_mentions(parse, "Iran said it will attack Israel."))
    assert (e.source_code, e.plover_type) == ("IRN", "THREATEN")


def test_time_anchors_descriptions_and_earlier_deeds_are_not_news(parse):
    coded = coder(parse, "trigger_text", "target_text")

    # a noun event that dates the news is background; told as news it is an event
    assert [t for t, _ in coded("Turkey closed its border after the US invasion of Iraq.")] == ["closed"]
    assert [t for t, _ in coded("The US invasion of Iraq began on Thursday.")] == ["invasion"]
    assert coded("Spain published a report about the invasion of Iraq by the United States.") == []
    # a participle used as an adjective reports no act of its own
    assert coded("France criticised the detained activists of Greenpeace.") == [
        ("criticised", "the detained activists of Greenpeace")]
    # a past perfect in a relative clause is an earlier deed; in reported speech it is the news
    assert [t for t, _ in coded("The Chinese foreign minister, who had visited Germany in May, met Angela Merkel "
                                "on Monday.")] == ["met"]
    # any act that describes a noun is background beside the main clause's act, and coded when it is the only one
    assert [t for t, _ in coded("The Chinese foreign minister, who visited Germany on Monday, met Angela "
                                "Merkel.")] == ["met"]
    assert [t for t, _ in coded("The Chinese foreign minister, who visited Germany on Monday, is 60.")] == [
        "visited"]
    assert [t for t, _ in coded("Britain condemned the Syrian troops who attacked Homs on Monday.")] == [
        "condemned"]
    # a passive participle reports its act ("citizens killed by drones"), beside another act too
    assert "killed" in [t for t, _ in coded("Yemen protested to Washington over five citizens killed by US "
                                             "drones.")]
    assert [t for t, _ in coded("The army said it had killed 20 militants in Mali.")] == ["killed"]


def test_an_object_sense_verb_with_a_that_clause_states_an_opinion(parse):
    def types(body):
        return [e.plover_type for e in code_events(*_with_mentions(parse, body))]

    assert types("The United States recognizes that Europe needs a clear vision on migration.") == []
    assert types("Germany recognised Kosovo on Tuesday.") == ["SUPPORT"]


def test_travel_at_home_or_to_a_building_is_no_visit(parse):
    def coded(body):
        return [(e.trigger_text, e.target_text) for e in code_events(*_with_mentions(parse, body))
                if e.plover_type == "CONSULT"]

    assert coded("Norway's prime minister Erna Solberg arrived in Bergen on Monday.") == []
    assert coded("Iraqi police rushed to the church on Sunday.") == []
    assert coded("Erna Solberg arrived in Moscow on Monday.") == [("arrived in", "Moscow")]


def test_a_verb_coded_only_by_its_dictionary_block_is_a_trigger_in_a_main_clause_only(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    assert coded("Iran cautioned Iraq against attacking Kurdish towns.") == [("cautioned", "THREATEN")]
    assert coded("Officials said the plan was to caution Iraq against attacking Kurdish towns.") == []


def test_a_compound_subject_that_meets_meets_each_other(parse):
    def coded(body):
        return sorted((e.source_code, e.target_code) for e in code_events(*_with_mentions(parse, body))
                      if e.plover_type == "CONSULT")

    assert coded("France and Germany met on Monday.") == [("DEU", "FRA"), ("FRA", "DEU")]
    assert coded("France received mixed reviews.") == []


def test_a_misparsed_verb_with_an_object_is_active_and_a_group_known_as_a_name_is_that_name(parse):
    coded = coder(parse, "trigger_text", "plover_type", "target_code")

    assert coded("A bomb killed at least 44 people in Colombia on Monday.") == [("killed", "ASSAULT", "COLCVL")]
    assert [(e.source_code, e.target_code) for e in code_events(*_with_mentions(
        parse, "Pakistani citizens killed by US drones were buried on Monday.")) if e.trigger_text == "killed"] == [
        ("USA", "PAKCVL")]
    _, segs = parse("A group known as the Guerreros Unidos kidnapped ten students.")
    group = next(t for t in segs[0].doc if t.lower_ == "group")
    assert named_as(group).text == "Unidos"


def test_an_act_between_two_sides_is_done_by_each_to_the_other(parse):
    def coded(body):
        return sorted((e.plover_type, e.source_code, e.target_code) for e in code_events(*_with_mentions(parse, body)))

    assert coded("Clashes erupted between police and protesters in Cairo on Friday.") == [
        ("ASSAULT", "EGYCOP", "EGYOPP"), ("ASSAULT", "EGYOPP", "EGYCOP")]
    assert coded("Fierce fighting broke out between Armenia and Azerbaijan on Sunday.") == [
        ("ASSAULT", "ARM", "AZE"), ("ASSAULT", "AZE", "ARM")]


def test_an_agentless_accusation_or_threat_is_one_by_an_unnamed_doer(parse):
    coded = coder(parse, "plover_type", "source_code", "target_code")

    assert coded("Qatar has been accused of violating trade rules.") == [("ACCUSE", None, "QAT")]
    assert coded("Iran was threatened with new sanctions.") == [("THREATEN", None, "IRN")]
    assert coded("Mr Blair was asked about the war.") == []


def test_the_doer_of_an_agentless_arrest_or_expulsion_is_the_state_where_it_happened(parse):
    coded = coder(parse, "plover_type", "source_code", "source_country", "target_code")

    # the place the sentence names, not the victims' country
    assert coded("Two Chinese engineers were detained in Pakistan on Monday.") == [
        ("COERCE", "PAKCOP", "PAK", "CHNCVL")]
    assert coded("Twenty Kenyan protesters were arrested on Monday.") == [("COERCE", "KENCOP", "KEN", "KENOPP")]
    assert coded("The Iranian opposition leader was sentenced to five years in prison.") == [
        ("COERCE", "IRNJUD", "IRN", "IRNOPP")]  # a court's act
    # a criminal charge is laid by the police; an accusation by anyone
    assert coded("Eight Kenyan protesters have been charged with disorderly conduct.") == [
        ("ACCUSE", "KENCOP", "KEN", "KENOPP")]
    assert coded("The Kenyan opposition has been accused of lying.") == [("ACCUSE", None, None, "KENOPP")]
    # a killing with no doer named stays one by an unknown doer: anyone may kill
    assert coded("Three Afghan soldiers were killed in Kabul on Monday.") == [("ASSAULT", None, None, "AFGMIL")]


def test_recall_is_a_sanction_only_for_envoys(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code")

    assert coded("Germany recalled its envoy from Moscow.") == [("recalled envoy", "SANCTION", "DEU")]
    assert coded("The Kenyan journalist recalls how police in Nairobi detained his brother.") == [
        ("detained", "COERCE", "KENCOP")]  # remembering is no recall


def test_a_power_is_no_deed(parse):
    coded = coder(parse, "plover_type", "source_code")

    assert coded("British judges can jail parents whose children skip school.") == []  # a power
    assert coded("Kenyan police cannot arrest protesters without a warrant.") == []
    assert coded("Germany opposed Turkish membership of the EU on Monday.") == [("REJECT", "DEU")]


def test_a_given_name_never_places_a_person(parse):
    coded = coder(parse, "source_text", "source_country")

    # "Alan" reads as the Aaland Islands and "Chad" as Chad in the country names; here they are given names
    assert coded("Sir Alan Budd accused the British government of ignoring the report.") == [
        ("Sir Alan Budd", "GBR")]  # of the article's country, as nothing else places him
    assert coded("Kyrgyz Prime Minister Nikolai Tanaev accused Uzbekistan of closing the border.") == [
        ("Kyrgyz Prime Minister Nikolai Tanaev", "KGZ")]


def test_a_scheduled_act_is_announced_and_a_forecast_is_no_deed(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code")

    assert coded("The Israeli army is to launch an offensive against Hamas.") == [
        ("offensive", "THREATEN", "ISRMIL")]
    assert coded("Israel is expected to release 500 Palestinian prisoners next week.") == [
        ("release", "AGREE", "ISR")]
    assert coded("The French government is set to expel two Iranian diplomats.") == [
        ("expel diplomats", "THREATEN", "FRAGOV")]
    assert coded("Analysts expect Iran to attack Israel.") == []
    assert coded("Officials fear that Russia will invade Ukraine.") == []
    assert coded("Obama thinks Russia will invade Ukraine.") == []  # an opinion of what will come


def test_object_pronouns_and_named_appositions_are_targets(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert ("urged", "RUSGOV", "DEUGOV") in coded(
        "President Putin met Chancellor Schroeder in Berlin and urged him to back the deal.")
    assert coded("The Labour party promised to stamp out age discrimination and would outlaw it.") == [
        ("promised", "GBRPTY", None), ("outlaw", "GBRPTY", None)]  # "it" is the discrimination, no actor
    assert coded("Tunisia denounced its neighbour, Libya, for mistreating migrant workers.") == [
        ("denounced", "TUN", "LBY")]


def test_a_thing_acted_on_stands_for_its_author(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert coded("The UK has welcomed the decision by India and Pakistan to open a bus link.") == [
        ("welcomed", "GBR", "IND"), ("welcomed", "GBR", "PAK")]
    assert coded("Britain welcomed proposals from the European Commission.") == [("welcomed", "GBR", "IGOEEC")]
    # a party, people or body named as the thing's modifier owns it
    assert coded("Tony Blair has rejected a Conservative compromise offer.") == [("rejected", "GBRGOV", "GBRPTY")]
    assert coded("Germany welcomed EU proposals on trade.") == [("welcomed", "DEU", "IGOEEC")]


def test_an_act_on_a_place_s_people_targets_its_country_and_a_given_thing_its_recipient(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code", "confidence")

    # a protest with no one named is aimed at the government where it is held; a curfew at that country
    (riot,) = coded("Palestinian prisoners rioted on Monday at a jail in northern Israel.")
    assert riot[:3] == ("rioted", "PSE", "ISRGOV")
    assert coded("Serbia lifted a night curfew in Montenegro.")[0][:3] == ("lifted curfew", "SRB", "MNE")
    # a target taken from the place gives no more confidence than none
    (alone,) = coded("Palestinian prisoners rioted on Monday.")
    assert alone[3] == riot[3]
    # what is given or aimed goes to its recipient
    assert ("aid", "GBRGOV", "MOZ") in [e[:3] for e in coded(
        "British Defence Secretary Tom King has promised to continue military aid to Mozambique.")]


def test_seeking_to_do_something_is_an_intent_and_seeking_something_from_someone_is_asking(parse):
    coded = coder(parse, "trigger_text", "plover_type", "target_code")

    assert coded("The British government is seeking to amend the Children Bill.") == [("seeking", "AGREE", None)]
    assert coded("Tony Blair sought assurances from Iran.") == [("sought", "REQUEST", "IRN")]
    assert coded("Iran sought to attack Israel.") == [("attack", "THREATEN", "ISR")]  # what is tried is intended


def test_a_spokesman_for_a_body_speaks_as_it_and_giving_words_is_no_aid(parse):
    coded = coder(parse, "trigger_text", "source_code")

    assert coded("A spokesman for Hamas condemned the Israeli raid.")[0] == ("condemned", "PSEREB")
    assert coded("Gordon Brown will deliver the Budget to MPs on Wednesday.") == []
    assert coded("France offered its condolences to Spain.") == []
    assert coded("France offered aid to Spain.") == [("offered aid", "FRA")]


def test_a_meeting_word_with_no_one_met_or_a_call_that_names_is_no_event(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    # naming, not a telephone call: the verdict is the event
    assert coded("French President Jacques Chirac called the British rebate unjustified.") == [
        ("called … unjustified", "ACCUSE")]
    assert coded("Russian President Vladimir Putin met on Monday.") == []
    assert coded("Russian President Vladimir Putin called German Chancellor Gerhard Schroeder on Monday.") == [
        ("called", "CONSULT")]
    # the parser may read the one phoned as a complement: still a call
    assert coded("Russian President Dmitry Medvedev called UAE counterpart Sheikh Khalifa bin Zayed al-Nahayan.") == [
        ("called", "CONSULT")]


def test_what_one_has_to_do_is_demanded_and_a_clause_after_an_old_deed_is_background(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    assert coded("Russia said Ukraine has to withdraw its troops from Donetsk.") == [
        ("withdraw from", "REQUEST", "RUS", "UKR")]
    assert coded("Russia said Ukraine may have to withdraw its troops from Donetsk.") == []  # a forecast
    assert coded("Russia said it was time for Ukraine to withdraw its troops.") == [
        ("withdraw", "REQUEST", "RUS", "UKR")]
    assert coded("The days of Britain having to apologise for its colonial past are over, Gordon Brown has said.") == []
    assert coded("For the survey the Conservative Party asked 2,234 adults the same question.") == []
    article, segs, mentions = _with_mentions(
        parse, "The Tories failed to hold onto power in 1974 after Liberals demanded Sir Edward Heath quit.")
    assert code_events(article, segs, mentions) == []  # the demand dates from 1974 too
    # a "to"-clause's act is dated by the verb it hangs on
    article, segs, mentions = _with_mentions(parse, "The EU agreed in 1989 to ease restrictions on Serbia.")
    assert code_events(article, segs, mentions) == []
    assert coded("The EU agreed on Monday to ease restrictions on Serbia.") == [
        ("ease restrictions", "AGREE", "IGOEEC", "SRB")]


def test_a_verdict_said_or_branded_is_an_accusation_and_a_description_is_none(parse):
    coded = coder(parse, "trigger_text", "plover_type", "target_text")

    assert coded('Former Labour MP Lord Janner branded Prince Harry\'s actions "stupid and evil".') == [
        ("branded … stupid", "ACCUSE", "Prince Harry")]  # one verdict, said of what Harry did
    assert coded("Tony Blair said Michael Howard's tax plans were reckless.") == [
        ("said … reckless", "ACCUSE", "Michael Howard")]
    assert coded("The Conservative Party said the stupid plan would fail.") == []


def test_extending_a_measure_is_the_measure(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    assert coded("The Nigerian army extended the curfew in Maiduguri.") == [("curfew", "COERCE", "NGAMIL", "NGA")]
    assert coded("The EU extended sanctions against Russia for six months.") == [
        ("sanctions", "SANCTION", "IGOEEC", "RUS")]


def test_an_act_in_a_clause_that_dates_the_news_is_background(parse):
    coded = coder(parse, "trigger_text")

    assert coded("Kenyan police arrested 20 protesters on Tuesday, a day after the Kenyan government signed a "
                 "treaty with Uganda.") == ["arrested"]
    assert coded("The Kenyan army withdrew from the border after Ugandan troops attacked Kenyan villages.") == [
        "withdrew from"]
    # a gerund dated by a time measure is background; the doer's acts in sequence are both news
    assert coded("Kenya expelled two Ugandan diplomats on Tuesday, a day after signing a treaty with "
                 "Tanzania.") == ["expelled diplomats"]
    assert coded("Russia rejected pressure after vetoing a United Nations resolution.") == ["rejected", "vetoing"]
    # (the seed's sentence: the parser hangs "after vetoing" on the noun's clause "pressure to change …")
    assert coded("Russia rejected pressure to change its position on Syria after vetoing a United Nations "
                 "resolution.") == ["rejected", "vetoing"]
    # the news only that something came or followed: what dates it is background too
    assert coded("The raids came a day after the Kenyan government named two monitors to investigate the "
                 "killings.") == []
    # with no other act coded, the dated act is the news
    assert "accord" in coded("The trade agreement entered its final round after the Ukrainian parliament signed "
                             "the accord with Belarus.")


def test_a_noun_event_the_news_happens_during_or_amid_is_its_circumstance(parse):
    coded = coder(parse, "trigger_text")

    assert "visit" not in coded("The EU will discuss Britain's status during David Cameron's visit to Brussels.")
    assert "protests" not in coded("Amid protests by Kenyan teachers, the Kenyan government raised taxes.")


def test_a_noun_event_is_reported_only_as_its_clause_s_subject_or_by_the_verb_that_does_it(parse):
    coded = coder(parse, "trigger_text", "source_code")

    # the subject of its clause, the object of a verb that carries it out, or done "by" someone: reported
    assert coded("Israel's offensive killed 20 people.") == [("offensive", "ISR")]
    assert ("accord", "RUS") in coded("Russia and Ukraine signed an accord on Monday.")
    assert ("Clashes", "EGYCOP") in coded("Clashes between police and protesters erupted in Cairo.")
    # the object of another verb, or a place in a phrase: referred to, not reported
    assert [t for t, _ in coded("Britain condemned Israel's offensive in Gaza.")] == ["condemned in"]
    assert coded("Thousands of Iraqis fled the Syrian offensive.") == []
    assert coded("Kennedy spoke at the Paris summit on Monday.") == []


def test_the_g7_g8_and_g20_are_international_organisations(parse):
    evs = code_events(*_with_mentions(parse, "The G8 criticised Iran. G7 leaders condemned Russia."))
    assert [(e.source_code, e.target_code) for e in evs] == [("IGOGOE", "IRN"), ("IGOGOS", "RUS")]


def test_a_deed_in_an_after_or_since_clause_dates_the_news(parse):
    coded = coder(parse, "trigger_text")

    assert "launched" not in coded("Palestinians have been killed since Israel launched its military operations.")
    assert "approved" not in coded("The strike came days after the Slovenian parliament approved the reforms.")


def test_an_intent_whose_act_only_the_dictionary_codes_is_the_intent_aimed_where_the_act_is(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    # "boost" and "strengthen" have only the dictionary's code, which needs a named actor acted on in a main clause
    assert coded("The Conservatives have pledged to boost pensions.") == [("pledged", "AGREE", "GBRPTY", None)]
    assert coded("Russia pledged to strengthen relations with Iran.") == [("pledged", "AGREE", "RUS", "IRN")]
    # an act with a code of its own is still the one intended
    assert coded("Iran vowed to fight the rebels.") == [("fight", "THREATEN", "IRN", "IRNREB")]


def test_a_thing_that_must_be_done_in_reported_speech_is_a_demand_and_a_poll_finding_is_no_act(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    assert coded("The law must be changed, the Labour Party said.") == [("changed", "REQUEST", "GBRPTY", "GBRGOV")]
    assert coded("I should like to thank the Labour Party, Mr Blair said.") == []
    # what one should think or realise is advice, not a demanded act
    assert coded("The Iraqi government must realise it cannot win, the Labour Party said.") == []
    assert coded("Judges should think carefully before heading an inquiry, the Labour Party said.") == []
    assert coded("British voters would reject the European constitution by two to one, according to a poll.") == []
    assert coded("A survey found that Labour attacked the Tories.") == []
    assert coded("Labour attacked the Tories, the minister said.") == [("attacked", "ACCUSE", "GBRPTY", "GBRPTY")]


def test_plover_types_follow_the_coded_data_where_the_2021_table_differs(parse):
    coded = coder(parse, "trigger_text", "cameo_code", "plover_type")

    # as the PLOVER gold (2016) and the NGEC/POLECAT stories (2023) code them: sanctions imposed are SANCTION,
    # an eased curfew or a ceasefire CONCEDE, a resignation RETREAT
    assert coded("Washington imposed sanctions on Iran.") == [("sanctions", "163", "SANCTION")]
    assert coded("Serbia lifted a night curfew in Montenegro.")[0][1:] == ("0813", "CONCEDE")
    assert coded("Georgian President Eduard Shevardnadze resigned on Sunday.") == [("resigned", "0831", "RETREAT")]
    assert coded("Syrian Prime Minister Riad Hijab offered his resignation on Saturday.") == [
        ("offered resignation", "0831", "RETREAT")]  # a resignation offered is tendered, not an intent


def test_what_someone_has_to_offer_is_no_offer_but_the_first_to_act_acted(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    assert coded("Mr Blair said Mr Blunkett still had an immense amount to offer the country.") == []
    assert coded("Robert Kilroy-Silk could have a lot to offer.") == []
    assert coded("Britain became the first country to recognise Kosovo.") == [("recognise", "SUPPORT")]


def test_a_demand_a_party_or_civil_group_makes_of_no_one_named_is_made_of_its_government(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code", "confidence")

    (called,) = coded("The Labour Party has called for 24-hour drinking to be shelved.")
    assert called[:3] == ("called for", "GBRPTY", "GBRGOV")
    assert coded("The Labour Party urged Russia to stop.")[0][:3] == ("urged", "GBRPTY", "RUS")  # one named
    (own,) = coded("The British government has called for 24-hour drinking to be shelved.")
    assert own[:3] == ("called for", "GBRGOV", None)  # a government does not ask itself
    assert called[3] == own[3]  # a target no one names adds no confidence


def test_an_offer_of_nothing_political_to_no_actor_is_no_event(parse):
    coded = coder(parse, "trigger_text", "plover_type", "target_code")

    assert coded("Labour offered a hard right agenda.") == []
    assert coded("Mr Bell, who will be offering his advice to the contestants on Wednesday, argues that "
                 "Westminster has its share of odd balls.") == []
    # an act, a political thing, a sum or a recipient makes it an offer
    assert coded("The Conservatives offered a compromise on the bill.") == [("offered", "AGREE", None)]
    assert coded("UK Chancellor Gordon Brown has offered £960m to an international scheme.") == [
        ("offered", "AGREE", None)]
    assert coded("Sudan offered talks to the rebels.") == [("offered talks", "AGREE", "SDNREB")]
    assert ("offered", "AGREE", "GBRCVL") in coded(
        "Children would be offered two hours' free sports training a week by a future Tory government.")


def test_a_thing_attacked_that_a_group_owns_stands_for_the_group_not_where_it_is(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert coded("Israeli jets struck Hamas targets in Gaza overnight.") == [("struck targets", "ISRMIL", "PSEREB")]
    assert coded("US forces destroyed Taliban hideouts in Helmand province.") == [("destroyed", "USAMIL", "AFGREB")]
    assert coded("Police raided opposition offices in Dhaka on Monday.")[0][2] == "BGDOPP"
    # what is not a group's is aimed where it is; sanctions are the EU's own, imposed on Iran
    assert coded("Israeli jets struck targets in Gaza overnight.") == [("struck targets", "ISRMIL", "PSE")]
    assert coded("The EU imposed fresh EU sanctions on Iran.")[0][2] == "IRN"


def test_a_weapon_or_vessel_acts_for_the_group_it_belongs_to_or_is_operated_by(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert coded("A drone operated by the Turkish army killed three Kurdish fighters in northern Iraq.") == [
        ("killed", "TURMIL", "IRQREB")]
    assert coded("Ships belonging to the Iranian navy seized a British tanker.") == [("seized", "IRNMIL", "GBRBUS")]


def test_wanting_another_to_act_is_asking_it_of_them(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code", "target_code")

    assert coded("The United States wants Israel to halt settlement building.") == [
        ("wants", "REQUEST", "USA", "ISR")]
    assert coded("Lebanon wants the government of Pakistan to stop applying sanctions.") == [
        ("wants", "REQUEST", "LBN", "PAKGOV")]
    assert coded("Russia wants to join the group.") == []  # its own intent, to no one named
    # what one wants or needs someone else to do is neither done nor intended by them
    assert coded("We need the Kenyan parliament to set up a special committee, the minister said.") == []
    assert coder(parse, "trigger_text", "plover_type", "source_code")("France wants Iran to stop enrichment.") == [
        ("wants", "REQUEST", "FRA")]


def test_an_act_named_as_what_may_happen_is_no_deed(parse):
    coded = coder(parse, "trigger_text", "plover_type")

    assert coded("Fears of an attack by Russia on Ukraine grew on Monday.") == []
    assert coded("Britain said there was room for further negotiations with Iran.") == []
    assert coded("There is little prospect of the US agreeing to the treaty, Britain said.") == []
    assert coded("Russia attacked Ukraine on Monday, raising fears of a wider war.") == [("attacked", "ASSAULT")]


def test_a_two_word_role_is_read_in_the_plural_too(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert coded("Four human rights groups were banned in Egypt on Tuesday.") == [("banned", "EGYGOV", "EGYHRI")]
    assert coded("Armed groups attacked a police station in Mali.")[0][1] == "MLIUAF"
    # councils are local government and unions labour; "council" alone is no role word, and a named council keeps
    # its own code
    assert coded("British finance minister Gordon Brown has urged councils to limit increases.") == [
        ("urged", "GBRGOV", "GBRGOV")]
    assert coded("Five British public sector unions met Deputy Prime Minister John Prescott.") == [
        ("met", "GBRLAB", "GBRGOV")]
    assert coded("The Muslim Council of Britain criticised Mr Bell.")[0][1] == "GBRMUS"


def test_a_noun_event_declared_organised_or_waged_is_its_doer_s_and_a_hyphenated_noun_is_read_whole(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code")

    assert coded("Kenyan students organised a protest against the government.") == [
        ("protest", "PROTEST", "KENEDU")]
    assert coded("Burkina Faso has declared a humanitarian cease-fire for the city of Bambari.") == [
        ("fire", "CONCEDE", "BFA")]  # a ceasefire, not a fire


def test_a_time_is_no_target_and_an_object_s_author_misread_as_the_verb_s_by_phrase_is(parse):
    coded = coder(parse, "trigger_text", "source_code", "target_code")

    assert coded("The Sudanese government expelled two British diplomats on Monday.") == [
        ("expelled diplomats", "SDNGOV", "GBRGOV")]
    assert coded("The United Nations Security Council condemned the nuclear test by North Korea.") == [
        ("condemned", "IGOUNO", "PRK")]


def test_of_equally_specific_dictionary_patterns_the_one_nearest_the_verb_wins(parse):
    coded = coder(parse, "trigger_text", "cameo_code")

    # "- * HOMES [1712]" and "- * MILITANT [082]" (as in "disarmed militants") both match: the homes are demolished
    assert coded("The Israeli army demolished the homes of two Palestinian militants in the West Bank.") == [
        ("demolished", "1712")]


def test_a_glued_headline_is_not_coded_and_its_lead_is_coded_as_a_sentence_of_its_own(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_country", "target_country", "sentence_index",
                  "sentence")
    body = ("Blair 'pressing US on climate' Tony Blair is pressing the US to cut greenhouse gases, Downing Street "
            "has indicated. Ministers met on Monday.")
    (event,) = coded(body)
    assert event[:5] == ("pressing", "REQUEST", "GBR", "USA", 0)  # the lead's verb, not the headline's
    assert event[5].startswith("Blair 'pressing US on climate' Tony Blair is pressing")  # the sentence as written


def test_a_part_of_a_group_acts_and_suffers_as_the_group(parse):
    coded = coder(parse, "source_code", "target_code")
    assert coded("Some of the protesters attacked police in Cairo.") == [("EGYOPP", "EGYCOP")]
    assert coded("Two of the rebels were killed by Syrian troops in Homs.") == [("SYRMIL", "SYRREB")]
    assert coded("Many of the MPs criticised Tony Blair over the war in Iraq.")[0][0][3:] == "LEG"


def test_an_undated_article_dates_background_by_its_latest_year(parse):
    coded = coder(parse, "trigger_text", date=None)

    # with no publication date, an act of a year before the latest the article names is background …
    assert coded("The EU imposed an arms ban on China in 1989. It will decide on the ban in 2005.") == []
    assert coded("Russia expelled two Georgian diplomats last year.") == []
    # … an act with no year or the latest year is the news, as is one that has gone on since a year
    assert coded("The EU imposed an arms ban on China in 1989.") == ["ban"]
    assert coded("Russia expelled two Georgian diplomats in February.") == ["expelled diplomats"]
    assert coded("In 2005, the government said it had been negotiating with Syria since 2003.") == ["negotiating with"]
    assert coded("Libyan militias attacked the Tunisian embassy in 2005 since the fall of the capital in June "
                 "last year.") == ["attacked"]


def test_the_verb_a_date_dates(nlp):
    from spacy.tokens import Doc

    from transforms.events import dated_verb
    words = "Mauritania filed a complaint over attacks on its territory in 1949 after talks in 1999".split()
    heads = [1, 1, 3, 1, 3, 4, 5, 8, 6, 5, 9, 1, 11, 12, 13]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "poss", "pobj", "prep", "pobj", "prep", "pobj",
            "prep", "pobj"]
    pos = ["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PRON", "NOUN", "ADP", "NUM", "ADP", "NOUN", "ADP",
           "NUM"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert dated_verb(doc[10]) is None  # "in 1949" dates the attacks, a noun of the complaint
    assert dated_verb(doc[14]).text == "filed"  # "after talks in 1999" dates the filing


def test_a_people_is_of_its_nationality_word_before_the_article_s_country(parse):
    coded = coder(parse, "source_code", "target_code")

    assert coded("Some 800,000 Iraqi Kurds sought refuge in Germany last month. Germany is a safe "
                 "country.") == [("IRQ", "DEU")]


def test_a_plan_dropped_in_the_passive_is_dropped_by_its_by_agent(parse):
    coded = coder(parse, "trigger_text", "plover_type", "source_code")

    assert coded("British ministers met in London. Plans to give murderers lighter sentences have been dropped by "
                 "the government.") == [("dropped Plans", "CONCEDE", "GBRGOV")]
