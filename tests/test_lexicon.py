"""The actor gazetteer of toolkit/lexicon/: every UN member with its ISO3 code and the forms text uses."""

from __future__ import annotations

import pytest

import toolkit as tk

# The 193 UN Member States (ISO 3166-1 alpha-3), written out independently of the gazetteer.
UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI
EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN
JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR
MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA
VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE""".split()


def test_every_un_member_state_is_known_by_its_iso3_code():
    assert len(UN_MEMBERS) == 193
    table = tk.actors()
    states = table[table["kind"] == "state"]
    assert set(UN_MEMBERS) <= set(states["id"])
    assert table["id"].is_unique
    assert {"PSE", "VAT"} <= set(table["id"])  # the two non-member observer States
    assert table["source"].ne("").all() and table["licence"].ne("").all()  # every group says where it comes from


@pytest.mark.parametrize(
    ("form", "actor"),
    [
        ("RUS", "RUS"), ("rus", "RUS"), ("Russian Federation", "RUS"), ("the Russian Federation", "RUS"),
        ("Russia", "RUS"), ("Iran (Islamic Republic of)", "IRN"), ("Türkiye", "TUR"), ("Turkey", "TUR"),
        ("United States of America", "USA"), ("State of Palestine", "PSE"), ("Security Council", "UNSC"),
        ("Côte d’Ivoire", "CIV"),
    ],
)
def test_metadata_values_resolve_by_id_or_name(form, actor):
    assert tk.load_gazetteer().resolve(form).id == actor


def test_mentions_in_text_by_name_adjective_capital_and_alias():
    nlp = tk.load_pipeline()
    doc = nlp("Moscow and the Kremlin spoke. Russian diplomats met Iranian and Turkish envoys in Türkiye, "
              "then the Quartet met the Security Council. The US and the EU welcomed it; us too.")
    found = [(m.span.text, m.actor.id, m.form) for m in tk.load_gazetteer().find(doc, nlp)]
    ids = [f[1] for f in found]
    assert ("Moscow", "RUS", "capital") in found and ("Russian", "RUS", "adjective") in found
    assert {"IRN", "TUR", "UNSC", "USA", "EU"} <= set(ids)
    assert ids.count("RUS") == 3  # Moscow, the Kremlin, Russian
    assert not any(text == "us" for text, _, _ in found)  # the pronoun is no country


def test_a_gazetteer_of_ones_own(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "groups:\n  fiction:\n    source: invented for a test\n    licence: CC0 1.0\n    actors:\n"
        "    - {id: KES, name: Kestria, kind: state, names: [Kestria], adjectives: [Kestrian], capital: Tolvik}\n"
        "    - {id: ARD, name: Ardesh, kind: state, names: [Ardesh], adjectives: [Ardeshi]}\n",
        encoding="utf-8",
    )
    corpus = tk.Corpus.from_texts(["Tolvik condemned the Ardeshi strikes."], meta={"actor": ["Veloria"]})
    acts = tk.speech_acts(corpus, speaker="actor", gazetteer=path)
    assert acts[["subject", "subject_id", "target", "target_id"]].values.tolist() == [["Kestria", "KES", "Ardesh", "ARD"]]
    # The user's aliases win over the gazetteer.
    acts = tk.speech_acts(corpus, speaker="actor", gazetteer=path, aliases={"tolvik": "Veloria"})
    assert acts["own"].tolist() == [True]
    assert tk.actors(path)["name"].tolist() == ["Kestria", "Ardesh"]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("groups: [a", r"line"),
        ("name: x\n", r"needs a 'groups' mapping"),
        ("groups:\n  g:\n    actors: []\n", r"group 'g' lacks a source or a licence"),
        ("groups:\n  g:\n    source: s\n    licence: l\n    actors:\n    - {id: A, name: X}\n    - {id: A, name: Y}\n",
         r"two actors share the id 'A'"),
    ],
)
def test_malformed_gazetteers_fail_clearly(tmp_path, content, match):
    path = tmp_path / "g.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        tk.load_gazetteer(path)
    with pytest.raises(FileNotFoundError, match="No such gazetteer"):
        tk.load_gazetteer(tmp_path / "nope.yaml")


def test_a_form_names_one_actor_and_a_longer_name_is_another_body(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("groups:\n  g:\n    source: s\n    licence: l\n    actors:\n"
                    "    - {id: A, name: Alpha, names: [Congo]}\n    - {id: B, name: Beta, names: [Congo]}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="the form 'Congo' names two actors, A and B"):
        tk.load_gazetteer(path)
    nlp = tk.load_pipeline()
    doc = nlp("The Inter-American Commission on Human Rights met. The NAM and Namibia met.")
    found = [(m.span.text, m.actor.id) for m in tk.load_gazetteer().find(doc, nlp)]
    assert found == [("NAM", "NON_ALIGNED"), ("Namibia", "NAM")]  # NAM in text is the Movement
