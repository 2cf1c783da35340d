"""Every name by its place, measured in Chromium at 1366 x 900 and 390 x 844 on the overview, each corridor page,
a route page, an as-of page and an embed (one page load per view and viewport).

For every visible name: its distance to its own place (a place's marker, or an alternative route's line) and to
the nearest other marker in view; overlaps among place names, basemap names (countries, seas: anything the
basemap pane holds) and map controls (zoom, tools, layers, legend, search), and of basemap names over markers;
every key place named; the legend over no corridor line. A planted bad placement fails these rules in
tests/js/label-layout.test.js, which checks the layout with the same measures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from corridor.atlas.timeline import atlas_on
from corridor.maps.labels import key_places
from corridor.maps.render import places_on_map

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_REACH_PX = 40
"""The furthest a name may stand from its own marker (edge to box); a leader joins it beyond a few px."""
CLEARLY_NEARER_PX = 1
"""How much nearer its own marker a name must stand than any other (the layout keeps 2 px)."""
MIN_NAME_GAP_PX = 3
"""The least room between two names, or a name and a country or sea name: flush names read as one phrase ("via
Logar–Kharlachi" against "Kabul"). The layout keeps NAME_GAP_PX (3 px); the measure allows half a pixel of rounding
by testing boxes grown by this much for more than half a pixel of overlap."""
MAX_LINE_REACH_PX = 12
"""The furthest an alternative route's name may stand from its own line, which must pass beside the middle half
of the name (not off one end of it)."""


@dataclass(frozen=True)
class View:
    name: str
    path: str
    corridor: str | None  # whose key places must all be named; None for all corridors
    whole: bool = True  # the first view frames every corridor line (not a route's close-up)
    as_of: dt.date | None = None  # the date the map is drawn for: only the lines reported by then are on it


VIEWS = [
    View("overview", "/", None),
    View("turghundi", "/corridors/turghundi-herat-spin-boldak", "turghundi-herat-spin-boldak"),
    View("chaman", "/corridors/chaman-onward", "chaman-onward"),
    View("uap", "/corridors/uzbekistan-afghanistan-pakistan", "uzbekistan-afghanistan-pakistan"),
    View("route", "/routes?from=termez&to=karachi-port", None, whole=False),
    View("as-of", "/?as_of=2025-06-30", None, as_of=dt.date(2025, 6, 30)),
    View("embed", "/embed/uzbekistan-afghanistan-pakistan", "uzbekistan-afghanistan-pakistan"),
]

UNROOMY = {("overview", 390): {"logar", "peshawar", "torkham"}, ("as-of", 390): {"sanobar"}}
"""The key places a phone's first view leaves unnamed, because no box by these rules exists for them while the
first view holds the whole corridor set (measured, zoom 4.25, 356 px wide): Peshawar's marker stands 38 px from
the map's right edge, with Kohat 6 px south and Kabul 31 px west, and its name is 64 px long; Sanobar stands 3 px
from the Serhetabat–Torghundi diamond, inside Torghundi's gauge ring, between the crossing's name and Herat 12 px
south; in the Kabul knot (six key places within 34 x 15 px) the layout finds no room for Torkham and Logar once
Kabul, Kharlachi and Kohat are named. Every other rule is
asserted there, every other key place must be named, and each of these is named two zoom steps closer; the test
fails as soon as one of them is named at first view (to take it off this list). A known gap of issue 21."""

MEASURE = (
    """(variants) => {
    const map = window.corridorMap, container = map.getContainer(), frame = container.getBoundingClientRect();
    const size = map.getSize();
    const rel = r => ({left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left,
        bottom: r.bottom - frame.top});
    const cross = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
        b.top < a.bottom - 0.5;
    const grow = (b, px) => ({left: b.left - px, top: b.top - px, right: b.right + px, bottom: b.bottom + px});
    const inView = p => p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
    const toBox = (b, x, y) => Math.hypot(Math.max(b.left - x, 0, x - b.right), Math.max(b.top - y, 0, y - b.bottom));
    const shown = e => getComputedStyle(e).visibility === 'visible' && getComputedStyle(e).display !== 'none' &&
        e.getClientRects().length > 0;
    const textBox = e => {
        const r = document.createRange();
        r.selectNodeContents(e);
        return rel(r.getBoundingClientRect());
    };

    const markers = [...document.querySelectorAll('.leaflet-marker-icon.place-marker')].filter(shown).map(m => {
        const r = rel(m.getBoundingClientRect());
        return {ids: [...m.classList].filter(c => c.startsWith('place-')).map(c => c.slice(6)),
            x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, r: (r.right - r.left) / 2};
    }).filter(m => inView(m));
    const markerOf = id => markers.find(m => m.ids.includes(id));

    const names = [...document.querySelectorAll('.place-label')].filter(shown).map(e => ({
        text: e.textContent, ids: (e.dataset.names || '').split(' ').filter(Boolean),
        key: e.classList.contains('place-label-rank0'), box: rel(e.getBoundingClientRect())}));
    const basemap = [...document.querySelectorAll('.leaflet-area-names-pane .country-label')].filter(shown)
        .map(e => ({text: e.textContent, box: textBox(e)})).filter(b => b.text.trim());
    const controls = [...container.querySelectorAll('.leaflet-control')].filter(shown)
        .map(e => ({text: e.className.split(' ').find(c => c !== 'leaflet-control') || 'control',
            box: rel(e.getBoundingClientRect())})).filter(c => c.box.right > c.box.left);

    const far = [], nearerOther = [], overlaps = [];
    for (const n of names) {
        if (n.ids.length) {
            const own = markerOf(n.ids[0]);
            if (!own) { far.push(n.text + ': its marker is not in view'); continue; }
            const dOwn = Math.max(0, toBox(n.box, own.x, own.y) - own.r);
            const coincide = m => Math.hypot(m.x - own.x, m.y - own.y) <= Math.max(m.r, own.r);
            const others = markers.filter(m => !m.ids.some(id => n.ids.includes(id)) && !coincide(m));
            const nearest = others.map(m => ({id: m.ids.join(' '), d: Math.max(0, toBox(n.box, m.x, m.y) - m.r)}))
                .sort((a, b) => a.d - b.d)[0];
            n.dOwn = dOwn;
            n.dOther = nearest ? nearest.d : null;
            if (dOwn > REACH) { far.push(n.text + ': ' + Math.round(dOwn) + ' px from its marker'); }
            if (nearest && nearest.d < dOwn + CLEAR) {
                nearerOther.push(n.text + ': ' + Math.round(dOwn) + ' px from its marker, ' +
                    Math.round(nearest.d) + ' px from ' + nearest.id);
            }
        } else {
            const paths = (variants[n.text] || []).flatMap(id => [...document.querySelectorAll('path.seg-' + id)]);
            let best = Infinity;
            for (const path of paths) {
                const length = path.getTotalLength(), ctm = path.getScreenCTM();
                for (let s = 0; s <= length; s += 3) {
                    const p = path.getPointAtLength(s), x = ctm.a * p.x + ctm.c * p.y + ctm.e - frame.left;
                    const y = ctm.b * p.x + ctm.d * p.y + ctm.f - frame.top;
                    const middle = Math.abs(x - (n.box.left + n.box.right) / 2) <= (n.box.right - n.box.left) / 4 + 1;
                    if (middle) { best = Math.min(best, toBox(n.box, x, y)); }
                }
            }
            n.dOwn = best;
            if (!(best <= LINE_REACH)) {
                far.push(n.text + ': ' + Math.round(best) + ' px from its line beside its middle');
            }
        }
    }
    const all = names.map(n => ['name', n]).concat(basemap.map(b => ['basemap', b]), controls.map(c => ['control', c]));
    for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
            if (all[i][0] === 'control' && all[j][0] === 'control') { continue; }
            // a name and a name or basemap name closer than GAP px touch, and read as one phrase
            const gap = all[i][0] === 'control' || all[j][0] === 'control' ? 0 : GAP;
            if (cross(grow(all[i][1].box, gap), all[j][1].box)) {
                overlaps.push(all[i][0] + ' ' + all[i][1].text + ' / ' + all[j][0] + ' ' + all[j][1].text);
            }
        }
    }
    for (const b of basemap) {  // a country's or sea's name over a place's marker
        for (const m of markers) {
            if (toBox(b.box, m.x, m.y) < m.r - 0.5) {
                overlaps.push('basemap ' + b.text + ' / marker ' + m.ids.join(' '));
            }
        }
    }
    const legend = document.querySelector('.map-legend');
    const legendBox = legend && shown(legend) ? rel(legend.getBoundingClientRect()) : null;
    const underLegend = [], outside = [];
    map.eachLayer(layer => {
        if (!(layer instanceof L.Polyline) || !/corridor-/.test(layer.options.className || '')) { return; }
        for (const ll of layer.getLatLngs().flat(3)) {
            const p = map.latLngToContainerPoint(ll), id = layer.options.className.split(' ')[1];
            if (!inView(p)) { outside.push(id); }
            if (legendBox && toBox(legendBox, p.x, p.y) === 0) { underLegend.push(id); }
        }
    });
    const named = [...new Set(names.flatMap(n => n.ids))];
    const keyInView = [...document.querySelectorAll('.place-label.place-label-rank0')]
        .map(e => (e.dataset.names || '').split(' ')[0]).filter(id => id && markerOf(id));
    return {names: names.map(n => ({text: n.text, dOwn: n.dOwn, dOther: n.dOther})), far, nearerOther, overlaps,
        named, keyInView, underLegend: [...new Set(underLegend)], outside: [...new Set(outside)],
        markerIds: markers.flatMap(m => m.ids)};
}""".replace("LINE_REACH", str(MAX_LINE_REACH_PX))
    .replace("GAP", str(MIN_NAME_GAP_PX))
    .replace("CLEAR", str(CLEARLY_NEARER_PX))
    .replace("REACH", str(MAX_REACH_PX))
)


LEADER = """() => {
    const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
    const leader = document.querySelector('.label-leader');
    const style = getComputedStyle(leader), dot = getComputedStyle(leader, '::after');
    const lines = [...document.querySelectorAll('.map-legend svg line, path.seg, path.route, path.ne-railway')]
        .map(e => getComputedStyle(e).stroke).filter(c => c && c !== 'none');
    return {colour: rgb(style.backgroundColor), halo: style.boxShadow, dot: dot.content, dotRadius: dot.borderRadius,
        lines: [...new Set(lines)].map(rgb)};
}"""
MIN_COLOUR_DISTANCE = 60
"""How far (RGB distance) a leader's colour stands from every line's colour in the legend and on the map."""


def check_leaders(frame) -> None:
    leader = frame.evaluate(LEADER)
    assert leader["halo"] != "none" and leader["dot"] == '""' and leader["dotRadius"] == "50%", leader
    assert leader["lines"], "the legend and map have lines to compare with"
    for colour in leader["lines"]:
        distance = sum((a - b) ** 2 for a, b in zip(colour, leader["colour"], strict=True)) ** 0.5
        assert distance >= MIN_COLOUR_DISTANCE, f"a leader's colour {leader['colour']} is near a line's {colour}"


PLANT = """() => {
    // Kabul's name moved beside Peshawar's marker, as the reported defect had it.
    const label = document.querySelector('.place-label[data-names~="kabul"]');
    const marker = document.querySelector('.place-marker.place-peshawar').getBoundingClientRect();
    const pane = label.parentElement.getBoundingClientRect();
    label.style.visibility = 'visible';
    label.style.transform = 'translate3d(' + (marker.right + 2 - pane.left) + 'px,' + (marker.top - pane.top) +
        'px,0px)';
}"""


def zoom_in_on(frame, atlas, place_id: str, zoom: float) -> None:
    """The view at `zoom`, centred on the place."""
    lon, lat = atlas.places[place_id].geometry.coordinates
    frame.evaluate(f"corridorMap.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    frame.wait_for_timeout(300)


def open_view(browser, viewport: dict[str, int], url: str):
    """The page at the viewport size and its map (the page itself for an embed), once the names are placed."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    frame = page if "/embed/" in url else page.locator("iframe.map").element_handle().content_frame()
    frame.wait_for_function("() => document.querySelectorAll('.place-label[style*=visible]').length > 0")
    return context, page, frame, errors


def variant_segments(atlas) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for segment in atlas.segments.values():
        if segment.properties.variant:
            found.setdefault(segment.properties.variant, []).append(segment.id)
    return found


def measure(frame, atlas) -> dict:
    return frame.evaluate(MEASURE, variant_segments(atlas))


def required_names(atlas, view: View) -> set[str]:
    if not view.whole:
        return set()
    drawn = atlas_on(atlas, view.as_of)
    shown = [view.corridor] if view.corridor else list(drawn.corridors)
    return key_places(drawn, shown) & set(places_on_map(drawn, view.corridor))


def check(measured: dict, atlas, view: View) -> set[str]:
    """Every rule asserted; returns the key places in view left unnamed (asserted by the caller)."""
    assert measured["far"] == [], "names stand too far from their own place"
    assert measured["nearerOther"] == [], "names stand nearer another marker than their own"
    assert measured["overlaps"] == [], "names overlap or touch each other or a basemap name, or overlap a control"
    assert measured["underLegend"] == [], "corridor lines under the legend"
    required = required_names(atlas, view)
    out_of_view = required - set(measured["markerIds"])
    assert not out_of_view, f"key places outside the first view: {sorted(out_of_view)}"
    if view.whole:
        assert measured["outside"] == [], "corridor lines cut off at first view"
    return (set(measured["keyInView"]) | required) - set(measured["named"])


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_every_name_stands_by_its_own_place(browser, live_url, atlas, viewport, view):
    context, page, frame, errors = open_view(browser, viewport, live_url + view.path)
    try:
        measured = measure(frame, atlas)
        from browser.conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(exist_ok=True)
        frame.locator("body").screenshot(path=str(SCREENSHOTS / f"names-{view.name}-{viewport['width']}.png"))
        assert measured["names"], "the map names something"
        unnamed = check(measured, atlas, view)
        key_size = frame.evaluate("getComputedStyle(document.querySelector('.place-label-rank0')).fontSize")
        assert key_size == ("11px" if viewport is PHONE else "12px"), "key names a size smaller on a phone, 11 px"
        if viewport is PHONE:
            assert frame.evaluate("!document.querySelector('.map-legend details').open"), "a phone starts folded"
            # A town or city is drawn on a phone's first view only with its name (a station waits for the zoom).
            drawn = set(measured["markerIds"]) & set(atlas.places)
            assert drawn - set(measured["named"]) - set(measured["keyInView"]) == set(), "markers without names"
            if view.name == "turghundi":  # its line through Sanobar is drawn through its marker, named
                assert "sanobar" in measured["named"]
        assert errors == []
        check_leaders(frame)
        if view.name == "overview" and viewport is LAPTOP:  # the measures catch a planted bad placement
            frame.evaluate(PLANT)
            with pytest.raises(AssertionError, match="too far from their own place|nearer another marker"):
                check(measure(frame, atlas), atlas, view)
        known = UNROOMY.get((view.name, viewport["width"]), set())
        assert unnamed <= known, f"key places without a name: {sorted(unnamed - known)}"
        assert unnamed == known, f"named now, to take off UNROOMY: {sorted(known - unnamed)}"
        if unnamed:
            home = frame.evaluate("corridorMap.getZoom()")
            for place_id in sorted(unnamed):
                zoom_in_on(frame, atlas, place_id, home + 2)
                closer = measure(frame, atlas)
                assert closer["far"] == [] and closer["nearerOther"] == [] and closer["overlaps"] == []
                assert place_id in closer["named"], f"two zoom steps closer on {place_id}, it is named"
            pytest.xfail(f"no room by the rules for every key name at first view: {sorted(unnamed)} unnamed")
    finally:
        context.close()
