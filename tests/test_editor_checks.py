"""Checks before every commit (.pre-commit-config.yaml) and the deploy with releases and
rollback (scripts/deploy.sh) that the CI templates (scripts/ci/) call on the main branch."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata

import pytest
import yaml
from builders import REPO, Project, article

GIT = {"GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "btv@example.invalid",
       "GIT_COMMITTER_NAME": "Biên tập viên", "GIT_COMMITTER_EMAIL": "btv@example.invalid"}


def run(args: list[str], cwd, env: dict | None = None, check: bool = True):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def repo(tmp_path):
    """A content repository with the hooks installed: the project, .venv linked, git."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = Project(tmp_path / "noi-dung")
    root = project.root
    (root / ".venv").symlink_to(REPO / ".venv")
    shutil.copy(REPO / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    (root / ".gitignore").write_text("/.venv\n/theme\n/node_modules\n/site/\n/.cache/\n")
    env = {**GIT, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    run(["git", "init", "-q", "-b", "main"], root)
    run([str(REPO / ".venv/bin/pre-commit"), "install"], root, env)
    project.write("content/tin-tuc/dau-tien.md", article("Bài đầu tiên"))
    run(["git", "add", "-A"], root)
    run(["git", "commit", "-q", "-m", "Bài đầu"], root, env)  # a good commit goes through
    return project, env


def test_a_bad_file_is_refused_with_the_vietnamese_message(repo):
    project, env = repo
    project.write("content/tin-tuc/loi.md", article("Bài lỗi", date="30/02/2026"))
    run(["git", "add", "-A"], project.root)
    done = run(["git", "commit", "-m", "Bài lỗi"], project.root, env, check=False)
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Lỗi – content/tin-tuc/loi.md" in out and "Cách sửa:" in out
    log = run(["git", "log", "--oneline"], project.root).stdout
    assert len(log.splitlines()) == 1  # nothing committed


def test_nfd_text_is_normalised_and_the_commit_waits_for_it(repo):
    project, env = repo
    title = unicodedata.normalize("NFD", "Hội nghị dân vận")
    path = project.write("content/tin-tuc/nfd.md", article(title))
    run(["git", "add", "-A"], project.root)
    done = run(["git", "commit", "-m", "NFD"], project.root, env, check=False)
    assert done.returncode != 0  # the hook changed the file: the editor adds it again
    assert unicodedata.is_normalized("NFC", path.read_text("utf-8"))
    run(["git", "add", "-A"], project.root)
    run(["git", "commit", "-q", "-m", "NFC"], project.root, env)


def deploy(tmp_path, *args: str, check: bool = True, env: dict | None = None):
    return run([str(REPO / "scripts/deploy.sh"), *args], tmp_path, env=env, check=check)


def test_deploy_keeps_releases_hard_links_and_rolls_back_through_history(tmp_path):
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    target, site = tmp_path / "www srv", tmp_path / "site"  # a space in the path
    site.mkdir()

    def release(text: str) -> str:
        (site / "index.html").write_text(text, "utf-8")
        (site / "anh.png").write_bytes(b"\x89PNG" + bytes(5000))  # rewritten, same bytes
        deploy(tmp_path, str(target), str(site))
        return os.readlink(target / "current")

    a, b = release("A"), release("B")
    assert a != b and (target / "current/index.html").read_text("utf-8") == "B"
    # a build writes every file anew: same content is still a hard link, not a copy
    assert (target / a / "anh.png").stat().st_ino == (target / b / "anh.png").stat().st_ino
    deploy(tmp_path, "--rollback", str(target))
    assert os.readlink(target / "current") == a
    c = release("C")
    deploy(tmp_path, "--rollback", str(target))  # back to A, never to the rolled-back B
    assert os.readlink(target / "current") == a and c != a
    again = deploy(tmp_path, "--rollback", str(target), check=False)
    assert again.returncode != 0 and "không có bản phát hành nào trước" in again.stderr


def test_deploy_prunes_old_releases_but_never_the_live_one(tmp_path):
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    target, site = tmp_path / "www", tmp_path / "site"
    site.mkdir()
    names = []
    for n in range(4):
        (site / "index.html").write_text(str(n), "utf-8")
        deploy(tmp_path, str(target), str(site), env={"KEEP": "2"})
        names.append(os.readlink(target / "current"))
    (target / "releases" / ".partial-bo-do").mkdir()  # an interrupted copy
    (site / "index.html").write_text("4", "utf-8")
    deploy(tmp_path, str(target), str(site), env={"KEEP": "2"})
    kept = sorted(p.name for p in (target / "releases").iterdir() if p.is_dir())
    assert kept == sorted([names[3].removeprefix("releases/"),
                           os.readlink(target / "current").removeprefix("releases/")])
    refused = deploy(tmp_path, str(target), str(site), env={"KEEP": "1"}, check=False)
    assert refused.returncode != 0 and "ít nhất 2" in refused.stderr


def test_rollback_before_any_deploy_says_why(tmp_path):
    done = deploy(tmp_path, "--rollback", str(tmp_path / "www"), check=False)
    assert done.returncode != 0 and "không có bản phát hành nào trước" in done.stderr


def test_deploy_refuses_a_folder_without_a_site(tmp_path):
    done = deploy(tmp_path, str(tmp_path / "www"), str(tmp_path), check=False)
    assert done.returncode != 0 and "chạy make build trước" in done.stderr


@pytest.mark.parametrize("name", ["gitlab-ci.yml", "gitea-actions.yml"])
def test_ci_templates_check_every_change_and_publish_only_main(name):
    text = (REPO / "scripts/ci" / name).read_text("utf-8")
    data = yaml.safe_load(text)
    assert data
    assert "make kiem-tra" in text and "make build" in text
    deploy = [line for line in text.splitlines() if "scripts/deploy.sh \"$DEPLOY_TARGET\"" in line]
    assert len(deploy) == 1
    if name == "gitlab-ci.yml":
        assert data["phat-hanh"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    else:
        step = next(s for s in data["jobs"]["kiem-tra-va-dung"]["steps"]
                    if "deploy.sh" in s.get("run", ""))
        assert step["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
