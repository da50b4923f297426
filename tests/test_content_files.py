"""Module-free self check of the content files (glossary, facts, example profile).

Loads the YAML with yaml.safe_load only; the real validation is `imguide check`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "imguide" / "content"
GLOSSARY = CONTENT / "glossary.yaml"
FACTS_DIR = CONTENT / "facts"
GENERAL_FACTS = FACTS_DIR / "general.yaml"
SOURCES = CONTENT / "sources.yaml"
EXAMPLE_PROFILE = CONTENT / "profiles" / "example" / "profile.yaml"

TERM_IDS = """
im imv imy ima ims nationellt_program yrkesprogram hogskoleforberedande_program behorighet
grundlaggande_behorighet betyg streck meritvarde slutbetyg gymnasieintyg gymnasieexamen studiebevis
gymnasieantagningen syv mentor rektor huvudman hemkommun elevhalsa kurator isp plan_for_utbildning
kartlaggning pedagogisk_overlamning extra_anpassningar sarskilt_stod atgardsprogram studiehandledning
modersmalsundervisning sva forberedelseklass apl praktik yrkespaket dispens_engelska fri_kvot provning
komvux sfi kombinationsutbildning folkhogskola kaa csn_studiebidrag anpassad_skolform nyanland
mottagningssamtal tolk undervisningstid ratt_att_fullfolja personnummer asylsokande
yrkesintroduktionsanstallning etableringsprogrammet
folkbokford studiemedel yrkeshogskola uppehallstillstand tillfalligt_skydd
program_na program_te program_ek program_hu program_sa program_es
""".split()

TOPICS = {"im_schools", "reception", "application_dates", "local_routines", "contact"}
CONFIDENCE = {"high", "medium", "low"}
SCOPES = {"national", "local"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
URL_RE = re.compile(r"^https?://\S+$")
DOCUMENT_RE = re.compile(r"^sources/\d{3}$")


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _all_facts() -> list[dict]:
    facts: list[dict] = []
    for path in sorted(FACTS_DIR.glob("*.yaml")):
        data = _load(path) or {}
        facts.extend(data.get("facts") or [])
    return facts


def test_term_list_itself_has_69_unique_ids():
    assert len(TERM_IDS) == 69
    assert len(set(TERM_IDS)) == 69


def test_glossary_has_every_term_exactly_once():
    data = _load(GLOSSARY)
    assert data["format"] == 1
    ids = [t["id"] for t in data["terms"]]
    counts = Counter(ids)
    assert not [i for i, c in counts.items() if c > 1], "duplicate glossary ids"
    assert set(ids) == set(TERM_IDS), (set(TERM_IDS) - set(ids), set(ids) - set(TERM_IDS))


def test_glossary_entries_are_well_formed():
    for term in _load(GLOSSARY)["terms"]:
        assert set(term) <= {"id", "term", "explanation", "facts"}, term["id"]
        assert isinstance(term["term"], str) and term["term"].strip(), term["id"]
        assert isinstance(term["explanation"], str) and term["explanation"].strip(), term["id"]
        assert len(term["explanation"]) <= 400, term["id"]
        assert "[[" not in term["explanation"], term["id"]


def test_glossary_facts_exist():
    fact_ids = {f["id"] for f in _all_facts()}
    for term in _load(GLOSSARY)["terms"]:
        for fid in term.get("facts") or []:
            assert fid in fact_ids, f"{term['id']}: unknown fact {fid}"


def _source_ids() -> set[str]:
    return {s["id"] for s in _load(SOURCES)["sources"]}


def test_sources_file_is_well_formed():
    data = _load(SOURCES)
    assert set(data) == {"format", "sources"} and data["format"] == 1
    ids = [s["id"] for s in data["sources"]]
    assert not [i for i, c in Counter(ids).items() if c > 1], "duplicate source ids"
    where = Counter()
    for entry in data["sources"]:
        sid = entry["id"]
        assert ID_RE.match(sid), sid
        assert set(entry) in ({"id", "url", "publisher", "title", "as_of"}, {"id", "document", "publisher", "title", "as_of"}), sid
        place = entry.get("url") or entry.get("document")
        assert URL_RE.match(place) if "url" in entry else DOCUMENT_RE.match(place), sid
        where[place] += 1
        assert isinstance(entry["publisher"], str) and entry["publisher"].strip(), sid
        assert isinstance(entry["title"], str) and entry["title"].strip(), sid
        assert entry["as_of"] == "unknown" or isinstance(entry["as_of"], dt.date), sid
    assert not [p for p, c in where.items() if c > 1], "one entry per document"


def test_every_source_is_used_by_a_fact():
    used = {f["source"] for f in _all_facts()}
    assert _source_ids() - used == set()


def test_facts_are_well_formed_and_unique():
    facts = _all_facts()
    sources = _source_ids()
    ids = [f["id"] for f in facts]
    dupes = [i for i, c in Counter(ids).items() if c > 1]
    assert not dupes, dupes
    for fact in facts:
        fid = fact["id"]
        assert ID_RE.match(fid), fid
        assert set(fact) <= {"id", "text", "source", "as_of", "confidence", "scope"}, fid
        assert isinstance(fact.get("text"), str) and fact["text"].strip(), fid
        assert fact.get("source") in sources, fid
        as_of = fact.get("as_of")
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        assert isinstance(as_of, dt.date), fid
        assert fact.get("confidence") in CONFIDENCE, fid
        assert fact.get("scope", "national") in SCOPES, fid


def test_general_facts_file():
    data = _load(GENERAL_FACTS)
    assert data["format"] == 1
    facts = data["facts"]
    assert len(facts) >= 60
    assert all(f["id"].startswith("gen_") for f in facts)


def test_example_profile():
    data = _load(EXAMPLE_PROFILE)
    assert data["format"] == 1
    assert data["example"] is True
    assert set(data) <= {"format", "id", "name", "example", "as_of", "entries"}
    topics = [e["topic"] for e in data["entries"]]
    assert set(topics) <= TOPICS, set(topics) - TOPICS
    assert set(topics) == TOPICS
    for entry in data["entries"]:
        assert set(entry) <= {"topic", "text", "url"}
        assert "Exempel" in entry["text"]
        if "url" in entry:
            assert entry["url"].startswith("https://example.org/")
