"""sync vdir against the real clients (issue 19): khard lists and shows what medcrm synced and
edits a card as it does (its YAML template, `khard edit -i`), and vdirsyncer carries the vdir
to another storage and back. Both are dev dependencies; all people are fictional."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run, ok

BIN = Path(sys.executable).parent
KHARD_CONFIG = """[addressbooks]
[[medcrm]]
path = {folder}

[general]
debug = no
default_action = list
editor = /bin/true
merge_editor = /bin/true

[contact table]
display = formatted_name
group_by_addressbook = no
reverse = no
show_nicknames = no
show_uids = yes
sort = last_name
localize_dates = yes
preferred_phone_number_type = pref, cell, home
preferred_email_address_type = pref, work, home

[vcard]
private_objects = Jabber,
preferred_version = 3.0
search_in_source_files = no
skip_unparsable = no
"""
VDIRSYNCER_CONFIG = """[general]
status_path = "{status}/"

[pair contacts]
a = "medcrm_vdir"
b = "server"
collections = null
conflict_resolution = "a wins"

[storage medcrm_vdir]
type = "filesystem"
path = "{a}/"
fileext = ".vcf"

[storage server]
type = "filesystem"
path = "{b}/"
fileext = ".vcf"
"""

pytestmark = pytest.mark.sqlite_only


def client(name: str, *args: str, input: str | None = None) -> str:
    done = subprocess.run([str(BIN / name), *args], capture_output=True, text=True, input=input,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, (name, args, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def vdir(run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "vdir"
    folder.mkdir()
    ok(run("add-contact", "Dr. Ana Ruiz", "--email", "ana@example.edu", "--role", "attending",
           "--institution", "Riverside University Hospital"))  # fmt: skip
    ok(run("add-contact", "Sam Okafor", "--phone", "555-0101"))
    ok(run("sync", "vdir", str(folder)))
    return folder


def test_khard_lists_shows_and_edits_what_medcrm_synced(
    run: Run, vdir: Path, tmp_path: Path
) -> None:
    config = tmp_path / "khard.conf"
    config.write_text(KHARD_CONFIG.format(folder=vdir), encoding="utf-8")
    listed = client("khard", "-c", str(config), "list")
    assert "Dr. Ana Ruiz" in listed and "Sam Okafor" in listed
    shown = client("khard", "-c", str(config), "show", "Ruiz")
    assert "ana@example.edu" in shown and "Riverside University Hospital" in shown
    template = client("khard", "-c", str(config), "show", "--format", "yaml", "Okafor")
    assert "555-0101" in template
    edited = tmp_path / "okafor.yaml"
    edited.write_text(
        template.replace("555-0101", "555-0123").replace(
            "Organisation:\n", "Organisation: Eastbrook Medical Center\n"
        ),
        encoding="utf-8",
    )
    client("khard", "-c", str(config), "edit", "-i", str(edited), "Okafor", input="y\n")
    result = json.loads(ok(run("sync", "vdir", str(vdir), "--json")))
    assert result["updated"] == ["Sam Okafor"] and result["conflicts"] == []
    sam = json.loads(ok(run("show", "okafor", "--json")))
    assert (sam["phone"], sam["institution"]) == ("555-0123", "Eastbrook Medical Center")


def test_vdirsyncer_carries_the_vdir_to_another_storage_and_back(
    run: Run, vdir: Path, tmp_path: Path
) -> None:
    server = tmp_path / "server"
    server.mkdir()
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(VDIRSYNCER_CONFIG.format(status=tmp_path / "status", a=vdir, b=server),
                      encoding="utf-8")  # fmt: skip
    client("vdirsyncer", "-c", str(config), "discover", input="y\n")
    client("vdirsyncer", "-c", str(config), "sync")
    assert sorted(p.name for p in server.glob("*.vcf")) == sorted(
        p.name for p in vdir.glob("*.vcf")
    )
    # An edit on the "server" comes back through vdirsyncer, then into medcrm.
    [ana] = [p for p in server.glob("*.vcf") if "Ruiz" in p.read_text(encoding="utf-8")]
    ana.write_text(ana.read_text(encoding="utf-8").replace("ana@example.edu", "ana@ruiz.example"),
                   encoding="utf-8", newline="")  # fmt: skip
    client("vdirsyncer", "-c", str(config), "sync")
    assert json.loads(ok(run("sync", "vdir", str(vdir), "--json")))["updated"] == ["Dr. Ana Ruiz"]
    assert json.loads(ok(run("show", "ruiz", "--json")))["email"] == "ana@ruiz.example"
    # A change in medcrm goes out the same way.
    ok(run("edit", "okafor", "--email", "sam@okafor.example"))
    ok(run("sync", "vdir", str(vdir)))
    client("vdirsyncer", "-c", str(config), "sync")
    [sam] = [p for p in server.glob("*.vcf") if "Okafor" in p.read_text(encoding="utf-8")]
    assert "sam@okafor.example" in sam.read_text(encoding="utf-8")
    again = json.loads(ok(run("sync", "vdir", str(vdir), "--json")))
    assert again["updated"] == [] and again["written"] == []
