"""Shared fixtures for the tests in tests/ (builders.py holds the helpers they use)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")
