"""Choose one gazetteer entry per toponym, using what the article says.

Two passes: the first ranks each mention's candidates by prior alone (feature
type, capital status, population); the winners tell which countries and
regions the article is about. The second ranks again with that context, the
mention's own contribution left out, so "Tripoli" in a Libya story is Tripoli,
Libya and "Georgia" follows the country the article talks about.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Candidate, GeoEntry, Gazetteer, km, norm

# Prior by GeoNames feature code, in log10(population) units: a country or a
# curated region is what a bare name usually means; a capital beats a same-named
# town; an admin1 region only with context.
FEATURE_PRIOR = {"PCLI": 3.0, "CONT": 3.0, "RGN": 7.5, "OCN": 7.5, "H": 7.5, "STM": 7.5,
                 "AIRP": 7.5, "BLDG": 7.5,
                 "ADM1": 0.5, "ADM2": -1.5, "PPLC": 2.5, "PPL": 0.0}
ALTERNATE_NAME_PENALTY = 1.5  # "Washington" is an alternate name of Millsboro, DE
SAME_NAME_CITY_PENALTY = 2.0  # "Moscow", "New York": the city, not its region
SAME_NAME_CITY_MIN_POPULATION = 100_000
COUNTRY_CONTEXT_BONUS = 3.0
COUNTRY_CONTEXT_PER_MENTION = 0.5
COUNTRY_CONTEXT_MAX_MENTIONS = 3
ADMIN1_CONTEXT_BONUS = 2.0
DATELINE_NEAR_KM = 300.0
DATELINE_NEAR_BONUS = 1.5
DATELINE_WEIGHT = 2  # the dateline counts as this many mentions of its country
# A mention tells the article's admin1 regions only when pass one chose it clearly:
# "Kent" and "Fife", each a town in Washington state too, must not vouch for each other.
ADMIN1_CONTEXT_MIN_MARGIN = 1.0
# The places of one article lie near each other: a candidate gains this much for each
# other toponym (up to NEAR_MAX_MENTIONS) whose chosen town or county lies within NEAR_KM
# ("Gainesville" among Denton and Sherman is Gainesville, Texas).
NEAR_KM = 100.0
NEAR_BONUS = 1.0
NEAR_MAX_MENTIONS = 3
NEAR_DEGREES_LAT = NEAR_KM / 111.0  # no two points NEAR_KM apart differ more in latitude
NEAR_FEATURES = frozenset({"PPL", "PPLC", "ADM2"})  # a country's or state's point says little
# A person the actors KB knows ("Putin", "Obama") counts as this many mentions of their
# country: "Georgia" in a story quoting Saakashvili is the country.
ACTOR_COUNTRY_WEIGHT = 1.0
# Passes with context after the prior-only one: the second pass's choices, better than
# the first's, are the third's context.
CONTEXT_PASSES = 2


@dataclass(slots=True)
class Mention:
    """A toponym to resolve: its normalised text and its candidates."""

    key: str
    candidates: list[Candidate]
    fixed: GeoEntry | None = None  # demonyms resolve without ranking
    fixed_by: str = "demonym"
    is_dateline: bool = False
    chosen: GeoEntry | None = None
    resolved_by: str = ""
    margin: float = math.inf  # pass one: the winner's lead over the runner-up


@dataclass(slots=True)
class Context:
    countries: Counter = field(default_factory=Counter)  # ISO2 -> weighted mentions
    admin1: Counter = field(default_factory=Counter)  # (ISO2, admin1) -> mentions
    by_key: dict = field(default_factory=dict)  # mention key -> (countries, admin1) it added
    dateline: GeoEntry | None = None
    points: list = field(default_factory=list)  # (mention key, lat, lon) of chosen towns


def prior(c: Candidate, same_name_city_admin1: set[tuple[str | None, str | None]]) -> float:
    e = c.entry
    s = math.log10(e.population + 10) + FEATURE_PRIOR.get(e.feature_code, 0.0)
    if not c.primary:
        s -= ALTERNATE_NAME_PENALTY
    if e.feature_code in ("ADM1", "ADM2") and (e.country, e.admin1) in same_name_city_admin1:
        s -= SAME_NAME_CITY_PENALTY
    return s


def _same_name_cities(cands: list[Candidate]) -> set[tuple[str | None, str | None]]:
    return {(c.entry.country, c.entry.admin1) for c in cands
            if c.entry.feature_class == "P" and c.primary
            and c.entry.population >= SAME_NAME_CITY_MIN_POPULATION}


def population_only(m: Mention) -> GeoEntry | None:
    """The baseline: the most populous candidate."""
    if m.fixed is not None:
        return m.fixed
    if not m.candidates:
        return None
    return max(m.candidates, key=lambda c: c.entry.population).entry


class Resolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def resolve(self, mentions: list[Mention], strategy: str = "context",
                actor_countries: Counter | None = None) -> None:
        """Set ``chosen`` and ``resolved_by`` on every mention; ``actor_countries`` (ISO2 ->
        distinct KB people of that country in the article) adds to the article's countries."""
        if strategy == "population":
            for m in mentions:
                m.chosen = population_only(m)
                m.resolved_by = m.fixed_by if m.fixed is not None else "population"
            return
        for m in mentions:  # pass 1: prior only
            m.chosen, m.resolved_by = self._rank(m, None)
            m.margin = self._margin(m)
        for _ in range(CONTEXT_PASSES):  # then with the article's context
            ctx = self._context(mentions)
            for cc, n in (actor_countries or {}).items():
                ctx.countries[cc] += ACTOR_COUNTRY_WEIGHT * n
            for m in mentions:
                m.chosen, m.resolved_by = self._rank(m, ctx)

    def _context(self, mentions: list[Mention]) -> Context:
        ctx = Context()
        for m in mentions:
            e = m.chosen
            if e is None or not e.country:
                continue
            w = DATELINE_WEIGHT if m.is_dateline else 1
            if m.is_dateline:
                ctx.dateline = e
            ctx.countries[e.country] += w
            if e.feature_code in NEAR_FEATURES:
                ctx.points.append((m.key, e.lat, e.lon))
            own = ctx.by_key.setdefault(m.key, (Counter(), Counter()))
            own[0][e.country] += w
            if e.admin1 and e.feature_class in ("A", "P") and \
                    m.margin >= ADMIN1_CONTEXT_MIN_MARGIN:
                ctx.admin1[(e.country, e.admin1)] += w
                own[1][(e.country, e.admin1)] += w
        return ctx

    def _rank(self, m: Mention, ctx: Context | None) -> tuple[GeoEntry | None, str]:
        if m.fixed is not None:
            return m.fixed, m.fixed_by
        if not m.candidates:
            return None, ""
        if len(m.candidates) == 1:
            return m.candidates[0].entry, "unique"
        same_name = _same_name_cities(m.candidates)
        best, best_score, best_why = None, -math.inf, ""
        for c in m.candidates:
            s = prior(c, same_name)
            why = "prior"
            if ctx is not None:
                bonus, why_ctx = self._context_bonus(c.entry, m, ctx)
                if bonus:
                    s += bonus
                    why = why_ctx
            if s > best_score:
                best, best_score, best_why = c.entry, s, why
        return best, best_why

    def _margin(self, m: Mention) -> float:
        if m.fixed is not None or len(m.candidates) < 2:
            return math.inf
        same_name = _same_name_cities(m.candidates)
        scores = sorted((prior(c, same_name) for c in m.candidates), reverse=True)
        return scores[0] - scores[1]

    def _context_bonus(self, e: GeoEntry, m: Mention, ctx: Context) -> tuple[float, str]:
        own_countries, own_admin1 = ctx.by_key.get(m.key, (Counter(), Counter()))
        bonus, why = 0.0, []
        if e.country:  # the country itself too: "Mexico" the country in a Mexico story
            n = ctx.countries[e.country] - own_countries[e.country]
            if n > 0:
                bonus += COUNTRY_CONTEXT_BONUS + COUNTRY_CONTEXT_PER_MENTION * min(
                    n, COUNTRY_CONTEXT_MAX_MENTIONS)
                why.append("country")
        if e.admin1 and e.feature_code != "ADM1":
            k = (e.country, e.admin1)
            if ctx.admin1[k] - own_admin1[k] > 0:
                bonus += ADMIN1_CONTEXT_BONUS
                why.append("admin1")
        if ctx.points:
            # a latitude test first: most candidates are far from every point
            near = {k for k, lat, lon in ctx.points
                    if k != m.key and abs(lat - e.lat) <= NEAR_DEGREES_LAT and
                    km((lat, lon), (e.lat, e.lon)) <= NEAR_KM}
            if near:
                bonus += NEAR_BONUS * min(len(near), NEAR_MAX_MENTIONS)
                why.append("near")
        d = ctx.dateline
        if d is not None and not m.is_dateline and d.feature_class == "P" and \
                km((d.lat, d.lon), (e.lat, e.lon)) <= DATELINE_NEAR_KM:
            bonus += DATELINE_NEAR_BONUS
            why.append("dateline")
        return bonus, "context:" + "+".join(why) if why else "prior"


def resolve_names(gaz: Gazetteer, texts: list[str], strategy: str = "context") -> list[GeoEntry | None]:
    """Resolve bare names as one article would (for tests and quick use)."""
    mentions = [Mention(norm(t), gaz.lookup(t)) for t in texts]
    Resolver(gaz).resolve(mentions, strategy)
    return [m.chosen for m in mentions]
