"""The pages in headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
load each page, filter, click from an event to its evidence, assert what a user sees.
Each test runs on both backends (SQLite, and the Parquet layout via DuckDB).
Screenshots go to tests/artifacts/."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import expect

from webstore import LiveServer, built

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module", params=["sqlite", "parquet"])
def store(request):
    """The pages over the SQLite store, and over the same store as a Parquet layout (DuckDB)."""
    return built(request.param)


@pytest.fixture(scope="module")
def server(store):
    with LiveServer(store[0]) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1300, "height": 900}, base_url=server.url)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Nothing may be fetched from outside the app (no CDN, no tiles).
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server.url, "data:")) else None)
    pg.errors = errors
    yield pg
    assert not outside, outside
    assert not errors, errors
    ctx.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def api(server, path: str, **params):
    return httpx.get(server.url + path, params=params, timeout=30).json()


def test_events_filter_then_click_to_the_evidence(page, server):
    page.goto("/events")
    total = api(server, "/api/events")["total"]
    assert page.locator("#total").inner_text() == str(total)
    assert page.locator("#events tbody tr").count() == min(50, total)
    shot(page, "events")

    page.fill("input[name=actor]", "RUS")
    page.select_option("select[name=type]", "THREATEN")
    page.click("button[type=submit]")
    page.wait_for_url("**/events?*")
    expected = api(server, "/api/events", actor="RUS", type="THREATEN")
    assert page.locator("#total").inner_text() == str(expected["total"]) and expected["total"] > 0
    rows = page.locator("#events tbody tr")
    assert rows.count() == expected["total"]
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(1).inner_text().startswith("THREATEN")
        assert "RUS" in cells.nth(2).inner_text()
    assert page.locator("select[name=type]").input_value() == "THREATEN"  # the form keeps the filter
    shot(page, "events-filtered")

    first = expected["items"][0]
    page.locator("#events tbody tr").first.locator("a.event-link").click()
    page.wait_for_url("**/events/*")
    assert page.locator("#evidence").inner_text() == first["evidence"]
    marked = "".join(page.locator(".article-text .k-evidence").all_inner_texts())
    assert marked == first["evidence"]
    assert "".join(page.locator(".article-text .k-trigger").all_inner_texts()) == first["trigger"]
    assert page.locator("#ev-type").inner_text().startswith("THREATEN")
    assert "RUS" in page.locator("#ev-actor").inner_text()
    assert page.locator("#mentions tbody tr").count() == 1  # not merged: it is its own mention
    shot(page, "event")

    page.click("#article-link")
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == first["article"]["title"]


def test_event_page_marks_actor_recipient_date_and_lists_mentions(page, server, store):
    facts = store[1]
    page.goto("/events/" + quote(facts["first"], safe=""))
    ev = api(server, "/api/events/" + quote(facts["first"], safe=""))
    assert page.locator("#mention-count").inner_text() == "2"
    mention_links = page.locator("#mentions tbody a").all_inner_texts()
    assert len({m["article"]["id"] for m in ev["mentions"]}) == 2 and len(mention_links) == 4
    for role in ("actor", "recipient"):
        names = {p["text"] for p in ev[role] if p.get("start") is not None}
        assert names <= set(page.locator(f".article-text .k-{role}").all_inner_texts())
    shot(page, "event-merged")
    # the second report's page shows the same two mentions
    page.locator("#mentions tbody tr:not(.current) td:nth-child(4) a").click()
    page.wait_for_url("**/events/*")
    assert page.locator("#mention-count").inner_text() == "2"

    # an event dated by a time expression marks that expression
    dated = next(e for e in api(server, "/api/events", limit=500, group="mention")["items"]
                 if (e["date_source"] or "").startswith("time:"))
    page.goto("/events/" + quote(dated["id"], safe=""))
    art = api(server, f"/api/articles/{dated['article']['id']}")
    t = art["times"][int(dated["date_source"].split(":")[1])]
    assert page.locator(".article-text .k-date").all_inner_texts() == [t["text"]]


def test_article_page_highlights_every_kind_with_a_legend(page, server):
    page.goto("/articles/tass-2024-12-26-00")
    art = api(server, "/api/articles/tass-2024-12-26-00")
    legend = page.locator("#legend").inner_text()
    for word in ("entity", "event evidence", "quote", "time", "place"):
        assert word in legend
    kinds = {k: page.locator(f".article-text .k-{k}") for k in ("ent", "event", "quote", "time", "place")}
    for k, loc in kinds.items():
        assert loc.count() > 0, k
    # each kind has its own look, so overlapping spans stay readable
    looks = page.evaluate("""() => ['ent','event','quote','time','place'].map(k => {
        const s = getComputedStyle(document.querySelector('#legend .k-' + k));
        return [s.backgroundColor, s.boxShadow, s.fontStyle, s.outlineStyle, s.textDecorationStyle].join('|'); })""")
    assert len(set(looks)) == 5
    times = set(page.locator(".article-text .k-time").all_inner_texts())
    assert {t["text"] for t in art["times"]} <= times
    assert page.locator("#article-events tbody tr").count() == len(art["events"])
    shot(page, "article")
    page.locator("#article-events a.event-link").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("#evidence").inner_text() == art["events"][0]["evidence"]


def test_timeline_stacks_by_quadclass_and_draws_a_dyad(page, server):
    page.goto("/timeline?dyad_actor=RUS&dyad_recipient=UKR")
    page.wait_for_selector("#timeline-svg rect.bar")
    daily = api(server, "/api/aggregates/daily")
    total = sum(i["count"] for i in daily["items"])
    assert page.locator("#timeline-summary").inner_text().startswith(f"{total} dated events")
    assert page.locator("#timeline-svg rect.bar").count() == len(daily["items"])
    assert set(page.eval_on_selector_all("#timeline-svg rect.bar", "els => els.map(e => e.dataset.quad)")) <= {"1", "2", "3", "4"}
    page.wait_for_selector("#goldstein-svg path.gline")
    assert "RUS → UKR" in page.locator("#goldstein-summary").inner_text()
    shot(page, "timeline")

    page.select_option("select[name=quad_class]", "4")
    page.click("button[type=submit]")
    page.wait_for_selector("#timeline-svg rect.bar")
    assert set(page.eval_on_selector_all("#timeline-svg rect.bar", "els => els.map(e => e.dataset.quad)")) == {"4"}
    day = page.eval_on_selector("#timeline-svg rect.bar", "e => e.dataset.day")
    page.dispatch_event("#timeline-svg rect.bar >> nth=0", "click")
    page.wait_for_url("**/events?*")
    assert page.locator("input[name=date_from]").input_value() == day
    assert int(page.locator("#total").inner_text()) >= 1


def test_network_nodes_and_edges_link_to_events(page, server):
    page.goto("/network")
    page.wait_for_selector("#network-svg circle.node")
    net = api(server, "/api/network")
    assert page.locator("#network-svg circle.node").count() == len(net["nodes"])
    assert page.locator("#network-svg path.edge").count() == len(net["edges"])
    shot(page, "network")
    page.dispatch_event("#network-svg g.node-group[data-id=RUS]", "click")
    page.wait_for_url("**/events?*actor=RUS*")
    assert "RUS" in page.locator("#events tbody tr td:nth-child(3)").first.inner_text()

    page.goto("/network?node=name")
    page.wait_for_selector("#network-svg circle.node")
    assert "Vladimir Putin" in page.eval_on_selector_all("#network-svg g.node-group", "gs => gs.map(g => g.dataset.id)")
    page.goto("/network?type=ACCUSE")
    page.wait_for_selector("#network-svg circle.node")
    assert page.locator("#network-svg circle.node").count() == len(api(server, "/api/network", type="ACCUSE")["nodes"])


def test_map_points_open_popups_that_link_to_the_evidence(page, server):
    page.goto("/map")
    page.wait_for_selector("#map-svg circle.point")
    points = api(server, "/api/map")["points"]
    places = {(round(p["lat"], 2), round(p["lon"], 2)) for p in points}
    assert page.locator("#map-svg circle.point").count() == len(places)
    assert page.locator("#map-svg path.land").count() > 100  # offline country outlines
    page.locator("#map-svg circle.point").first.click()
    popup = page.locator(".popup")
    assert popup.is_visible()
    shot(page, "map")
    link = popup.locator("a.popup-event").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/events/*")
    ev = api(server, href.replace("/events/", "/api/events/"))
    assert page.locator("#evidence").inner_text() == ev["evidence"]
    assert ev["place"]["lat"] is not None


def test_quotes_are_searchable(page, server):
    page.goto("/quotes")
    assert int(page.locator("#total").inner_text()) == api(server, "/api/quotes")["total"]
    page.fill("input[name=speaker]", "Peskov")
    page.click("button[type=submit]")
    page.wait_for_url("**/quotes?*")
    speakers = page.locator("#quotes td.speaker").all_inner_texts()
    assert speakers and all("Peskov" in s for s in speakers)
    shot(page, "quotes")


def test_actors_articles_stories_pages(page, server, store):
    page.goto("/actors")
    assert "RUS" in page.locator("#actors tbody").inner_text()
    shot(page, "actors")
    page.goto("/articles?q=Oreshnik")
    assert "Oreshnik" in page.locator("#articles").inner_text()
    shot(page, "articles")
    page.goto("/stories")
    page.locator("#stories a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("#story-articles tbody tr").count() == len(store[1]["story_articles"].split(","))
    shot(page, "stories")
    page.goto("/apidocs")
    assert "/api/events" in page.locator("#endpoints").inner_text()


def test_invalid_filter_shows_a_clear_error(page):
    resp = page.goto("/events?quad_class=9&date_from=yesterday")
    assert resp.status == 422
    text = page.locator(".error").inner_text()
    assert "quad_class" in text and "date_from" in text
    shot(page, "error-422")
    page.errors.clear()  # the console's "status of 422" is this test's expected answer


def test_hostile_article_text_is_shown_not_run(page, server):
    for url in ("/articles/hostile-xss-1", "/events?source=%3Cb%3EEvilWire%3C%2Fb%3E",
                "/events/" + quote("hostile-xss-1#ev0", safe=""), "/quotes?speaker=Peskov", "/map?source=%3Cb%3EEvilWire%3C%2Fb%3E"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        ran = page.evaluate("() => Object.keys(window).filter(k => k.startsWith('__xss'))")
        assert ran == [], (url, ran)
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
    page.goto("/articles/hostile-xss-1")
    assert "<script>window.__xss_title=1</script>" in page.locator("h1").inner_text()
    assert "<script>window.__xss_text=1</script>" in page.locator("#article-text").inner_text()
    shot(page, "xss-article")
    page.goto("/events/" + quote("hostile-xss-1#ev0", safe=""))
    assert "<script>" in page.locator(".article-text .k-evidence").first.inner_text() or \
        "<script>" in "".join(page.locator(".article-text .k-evidence").all_inner_texts())
    shot(page, "xss-event")


def test_pages_on_a_store_without_events_or_links(browser, store):
    """What today's pipeline alone stores: every page still works and says what is missing."""
    with LiveServer(Path(store[1]["no_events"])) as s:
        ctx = browser.new_context(base_url=s.url)
        pg = ctx.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto("/events")
        assert "No events" in pg.locator(".empty").inner_text()
        pg.goto("/timeline")
        expect(pg.locator("#timeline-summary")).not_to_have_text("loading…")
        assert pg.locator("#timeline-summary").inner_text().startswith("0 dated events")
        pg.goto("/map")
        expect(pg.locator("#map-summary")).not_to_have_text("loading…")
        assert pg.locator("#map-summary").inner_text().startswith("0 located events")
        pg.goto("/network")
        expect(pg.locator("#network-summary")).not_to_have_text("loading…")
        assert pg.locator("#network-summary").inner_text().startswith("0 actors")
        pg.goto("/stories")
        assert "No stories" in pg.locator(".empty").inner_text()
        pg.goto("/articles")
        pg.locator("#articles a").first.click()
        pg.wait_for_url("**/articles/*")
        assert pg.locator(".article-text .k-ent").count() > 0  # the pipeline's entities
        shot(pg, "article-no-events")
        ctx.close()
    with LiveServer(Path(store[1]["ingested_only"])) as s:  # coded events, never linked
        ctx = browser.new_context(base_url=s.url)
        pg = ctx.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto("/events")
        pg.locator("#events a.event-link").first.click()
        pg.wait_for_url("**/events/*")
        assert pg.locator("#mention-count").inner_text() == "1"
        assert "only mention" in pg.locator("main").inner_text()
        assert pg.locator(".article-text .k-evidence").count() > 0
        shot(pg, "event-ingested-only")
        ctx.close()
    assert not errors, errors
