"""The localities registry: administrative units with their history.

Content keeps a locality's name as the source wrote it ("huyện Văn Lâm"); this module finds
the unit it meant, using the content's date when one name has been used by several units
(the province of Hưng Yên before and after 1 July 2025).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import text
from .schema import Locality

LEVEL_LABELS = {
    "tinh": "tỉnh",
    "thanh-pho": "thành phố",
    "thi-xa": "thị xã",
    "huyen": "huyện",
    "xa": "xã",
    "phuong": "phường",
    "thi-tran": "thị trấn",
}
# Longest first, so "thành phố" is tried before a shorter prefix could match.
_PREFIX = re.compile(
    r"^(" + "|".join(sorted(LEVEL_LABELS.values(), key=len, reverse=True)) + r")\s+", re.I
)


def full_name(unit: Locality) -> str:
    return f"{LEVEL_LABELS[unit.level]} {unit.name}"


def period(unit: Locality) -> str:
    """ "đến 30/6/2025", "từ 1/7/2025", or "" when the registry gives no dates."""
    parts = []
    if unit.valid_from:
        parts.append(f"từ {text.format_date_short(unit.valid_from)}")
    if unit.valid_to:
        parts.append(f"đến {text.format_date_short(unit.valid_to)}")
    return " ".join(parts)


def _named(unit: Locality) -> str:
    """The unit's name with its dates, where two units could share the name."""
    when = period(unit)
    return f"{full_name(unit)} ({when})" if when else full_name(unit)


def history(unit: Locality, parent: Locality | None, successors: list[Locality]) -> str:
    """The unit's life in one or two sentences, with dates in words: what it belonged to,
    when it began and ended, and what took its place (the registry's own data)."""
    name = full_name(unit)
    first = name[:1].upper() + name[1:]
    sentence = first
    if parent is not None:
        sentence += f" thuộc {_named(parent)}"
    joint = "," if parent is not None else ""
    if unit.valid_from and unit.valid_to:
        sentence += (f"{joint} tồn tại từ {text.format_date(unit.valid_from)} đến "
                     f"{text.format_date(unit.valid_to)}")
    elif unit.valid_from:
        sentence += f"{joint} được thành lập từ {text.format_date(unit.valid_from)}"
    elif unit.valid_to:
        sentence += f"{joint} tồn tại đến {text.format_date(unit.valid_to)}"
    sentence += "."
    names = "; ".join(_named(u) for u in successors)
    if successors and unit.valid_to:
        after = unit.valid_to + dt.timedelta(days=1)
        sentence += f" Từ {text.format_date(after)}, đơn vị kế thừa là {names}."
    elif successors:
        sentence += f" Đơn vị kế thừa là {names} (nguồn không ghi ngày thay đổi)."
    elif not unit.valid_to:
        sentence += " Đây là đơn vị hành chính hiện hành."
    return sentence


class LocalityLookupError(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


@dataclass
class Registry:
    units: dict[str, Locality]

    def __post_init__(self) -> None:
        self._by_name: dict[str, list[Locality]] = {}
        for unit in self.units.values():
            self._by_name.setdefault(unit.name.casefold(), []).append(unit)

    def check(self) -> list[str]:
        """Dangling parents and successors, and cycles of successors, as Vietnamese messages."""
        problems = []
        for unit in self.units.values():
            for ref in [unit.parent, *unit.successors]:
                if ref and ref not in self.units:
                    problems.append(f"địa bàn “{unit.id}” trỏ tới “{ref}” không có trong danh mục")
        problems += [f"địa bàn “{unit_id}” qua các đơn vị kế thừa (successors) lại kế thừa "
                     "chính nó" for unit_id in self.cycles()]
        return problems

    def resolve(self, written: str, on: dt.date | None) -> Locality:
        """The unit that ``written`` names on date ``on`` (a name as the source wrote it)."""
        written = " ".join(text.nfc(written).split())
        if written in self.units:
            return self.units[written]
        level = None
        name = written
        if m := _PREFIX.match(written):
            label = m.group(1).lower()
            level = next(k for k, v in LEVEL_LABELS.items() if v == label)
            name = written[m.end():]
        candidates = [u for u in self._by_name.get(name.casefold(), [])
                      if level is None or u.level == level]
        if not candidates:
            near = [full_name(u) for u in self.units.values()
                    if text.fold(u.name) == text.fold(name)]
            hint = f"có phải “{near[0]}”? " if near else ""
            raise LocalityLookupError(
                f"không có địa bàn “{written}” trong danh mục",
                f"{hint}ghi tên có trong content/_du-lieu/dia-ban.yml "
                "(kèm cấp: tỉnh, huyện, xã…) hoặc bổ sung địa bàn vào tệp đó",
            )
        if len(candidates) > 1 and on is not None:
            dated = [u for u in candidates
                     if (u.valid_from is None or u.valid_from <= on)
                     and (u.valid_to is None or on <= u.valid_to)]
            candidates = dated or candidates
        if len(candidates) > 1:
            options = ", ".join(f"{u.id} ({full_name(u)} {period(u)})".strip() for u in candidates)
            raise LocalityLookupError(
                f"tên “{written}” ứng với nhiều địa bàn",
                f"ghi rõ cấp (tỉnh, huyện, thành phố…) hoặc ghi mã: {options}",
            )
        return candidates[0]

    def successors_of(self, unit: Locality) -> list[Locality]:
        return [self.units[s] for s in unit.successors if s in self.units]

    def predecessors_of(self, unit: Locality) -> list[Locality]:
        return [u for u in self.units.values() if unit.id in u.successors]

    def lineage(self, unit: Locality) -> list[Locality]:
        """The unit and every unit that became it, directly or through others."""
        seen: dict[str, Locality] = {}
        stack = [unit]
        while stack:
            current = stack.pop()
            if current.id not in seen:
                seen[current.id] = current
                stack.extend(self.predecessors_of(current))
        return list(seen.values())

    def current(self, unit: Locality, _seen: frozenset[str] = frozenset()) -> list[Locality]:
        """What the unit is now: itself if still valid, else its latest successors (a cycle
        of successors, an error check() reports, stops where it closes)."""
        if not unit.successors or unit.id in _seen:
            return [unit]
        result: list[Locality] = []
        for successor in self.successors_of(unit):
            result.extend(u for u in self.current(successor, _seen | {unit.id})
                          if u not in result)
        return result

    def cycles(self) -> list[str]:
        """Units that are, through their successors, their own successor."""
        looping = []
        for unit in self.units.values():
            stack, seen = list(unit.successors), set()
            while stack:
                ref = stack.pop()
                if ref == unit.id:
                    looping.append(unit.id)
                    break
                if ref in seen or ref not in self.units:
                    continue
                seen.add(ref)
                stack.extend(self.units[ref].successors)
        return looping
