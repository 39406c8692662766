"""Every knowledge file loads against its schema; a broken one says which file and line."""
from __future__ import annotations

import gzip
import shutil

import pytest

from eventwire.datafile import DATA_DIR, SCHEMAS, DataFileError, read_tsv
from eventwire.resources import Resources

DATA_SUFFIXES = (".tsv", ".txt", ".gz")


def data_files():
    return sorted(p for p in DATA_DIR.rglob("*")
                  if p.is_file() and p.name.endswith(DATA_SUFFIXES)
                  and p.parent.name not in ("models", "index"))


def test_every_data_file_is_declared_and_loads():
    declared = set(SCHEMAS)
    found = {p.relative_to(DATA_DIR).as_posix() for p in data_files()}
    assert found == declared, f"undeclared: {found - declared}, gone: {declared - found}"
    for p in data_files():
        rows = list(read_tsv(p))
        assert rows, f"{p} has no rows"
        width = len(SCHEMAS[p.relative_to(DATA_DIR).as_posix()].columns)
        assert all(len(r) == width for r in rows)


def _copy_data(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def test_unknown_trigger_flag_names_file_and_line(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "lexicon" / "triggers.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines) if ln and not ln.startswith("#"))
    cols = (lines[n].split("\t") + [""] * 8)[:8]
    cols[7] = "absorb recip_sideways"
    lines[n] = "\t".join(cols)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"triggers.tsv:{n + 1}: unknown flags recip_sideways"):
        list(read_tsv(path, SCHEMAS["lexicon/triggers.tsv"]))


def test_extra_column_and_empty_required_column_are_errors(tmp_path):
    path = tmp_path / "seats.tsv"
    path.write_text("# phrases\tcode\tsector\tname\nKremlin\tRUS\tGOV\tKremlin\textra\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=r"seats.tsv:2: 5 columns, the file has 4"):
        list(read_tsv(path, SCHEMAS["kb/seats.tsv"]))
    path.write_text("Kremlin\t\tGOV\tKremlin\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"seats.tsv:1: empty 'code'"):
        list(read_tsv(path, SCHEMAS["kb/seats.tsv"]))


def test_unknown_enumerated_value_fails_at_load_through_resources(tmp_path):
    data = _copy_data(tmp_path)
    with open(data / "places" / "metonymy.tsv", "a", encoding="utf-8") as f:
        f.write("subject_literally\tsit\n")
    res = Resources(data_dir=data)
    with pytest.raises(DataFileError, match=r"metonymy.tsv:\d+: unknown kind 'subject_literally'"):
        res.place_cues


def test_a_user_kb_row_with_an_unknown_kind_is_named(tmp_path):
    user = tmp_path / "kb.tsv"
    user.write_text("x-y\tcelebrity\tX Y\t\tUSA\tGOV\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"kb.tsv:1: unknown kind 'celebrity'"):
        Resources(user_kb=user).kb


def test_gzip_data_is_read(tmp_path):
    path = tmp_path / "actors.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("# header\nsome-one\tperson\tSome One\t\tUSA\tGOV\t\t\t\n")
    [row] = read_tsv(path, SCHEMAS["kb/actors.tsv.gz"])
    assert row[:3] == ["some-one", "person", "Some One"]


def test_shipped_token_index_covers_every_name(resources):
    """The prebuilt index (scripts/build_index.py) holds every name the matchers use, so no
    process tokenises them at start-up. A name it lacks still matches, only slower: this
    test is what keeps the shipped file current."""
    from eventwire.annotate.actors import ActorResolver
    from eventwire.annotate.places import place_names

    names = set(ActorResolver.pattern_texts(resources.kb)) | set(place_names(resources.gazetteer))
    missing = sorted(names - set(resources.token_cache))
    assert not missing, f"{len(missing)} names not in data/index (run scripts/build_index.py): " \
                        f"{missing[:5]}"
