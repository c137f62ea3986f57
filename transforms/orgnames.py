"""Words that make a name an organisation's: companies' legal forms, and the news-agency pattern.

    Siemens AG · Barclays Plc · Exxon Mobil Corp. · OAO Gazprom · PT Telkom     (legal forms, after or before)
    the official KCNA news agency · Interfax news agency · state news agency SANA  (the agency is the name)
"""

from __future__ import annotations

# Legal forms written after a company's name ("Inc", "Corp.", "GmbH"): part of the name's span (CoNLL's
# convention: "Siemens AG"). Compared lower-cased, with and without the final full stop.
WRITTEN_SUFFIXES = (
    "Inc Corp Corporation Ltd Limited PLC Co LLC LLP LP AG SA NV BV GmbH KG KGaA SpA SARL SAS Srl AB ASA Oyj AS "
    "A/S OAO OOO PAO ZAO OJSC JSC PJSC Pty Bhd Tbk Sdn KK Group Holdings Holding".split()
)
LEGAL_SUFFIXES = frozenset(w.lower() for w in WRITTEN_SUFFIXES)
# Legal forms that make a run of proper nouns before them a company's name even where the model saw none (not
# "SA", "AS", "Co" or "Group", which end other names too).
STRONG_SUFFIXES = frozenset("inc corp ltd plc llc gmbh ag nv bv oyj pjsc bhd tbk".split())
# Legal forms written before it ("OAO Gazprom", "PT Telkom"), lower-cased.
LEGAL_PREFIXES = frozenset("oao ooo pao zao ojsc jsc pjsc ao pt".split())
# Other last words of an organisation's name (a name ending so is an organisation, whatever the model says).
ORG_WORDS = frozenset(
    "bank airlines airways motors party ministry council agency university association federation union "
    "commission court committee institute foundation fund exchange".split()
)


def is_legal_suffix(word: str) -> bool:
    """Whether ``word`` is a company's legal form written after its name ("Inc.", "PLC", "GmbH")."""
    return word.lower().rstrip(".") in LEGAL_SUFFIXES


def is_legal_prefix(word: str) -> bool:
    """Whether ``word`` is a legal form written before a company's name ("OAO", "PT"), in capitals."""
    return word.isupper() and word.lower() in LEGAL_PREFIXES


def without_legal_form(name: str) -> str | None:
    """The name without a trailing legal form ("Applied Materials, Inc" → "Applied Materials"), else None."""
    words = name.rstrip(" ,").split()
    if len(words) > 1 and is_legal_suffix(words[-1]) and words[-1].lower().rstrip(".") not in ("group", "holdings"):
        return " ".join(words[:-1]).rstrip(" ,&") or None
    return None
