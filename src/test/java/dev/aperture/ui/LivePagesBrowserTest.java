package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Pages in a real (headless) Chromium that follow alerts without a reload, page through many error records,
 * group alerts per service, and fit a phone's width.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePagesBrowserTest {

    /** A phone's CSS width (an iPhone 12 to 15 in portrait). */
    private static final int PHONE = 390;

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private final FakeServer mdblist = new FakeServer();
    private final FakeServer trakt = new FakeServer();
    /** 401 until set to 503: MDBList's answers to a wrong key, then of an overloaded server. */
    private final AtomicInteger mdblistStatus = new AtomicInteger(401);
    private Browser browser;

    @BeforeAll
    void start() {
        fixture.clock.set(java.time.Instant.now());
        // MDBList's answer to a wrong key: 401 {"error": "Invalid API key!"} (api.mdblist.com, as its API answers it).
        mdblist.answer("/", r -> mdblistStatus.get() == 401
                ? Response.json(401, "{\"error\":\"Invalid API key!\"}")
                : Response.html(503, "<html><body>503 Service Temporarily Unavailable</body></html>"));
        // Trakt's answer to an unknown client id: 403 (trakt.docs.apiary.io, "Status codes": 403 invalid API key).
        trakt.answer("/", Response.json(403, "{\"error\":\"invalid api key\"}"));
        put("mdblist", "{\"apiKey\":\"mdblist-key-0123456789\",\"baseUrl\":\"" + mdblist.baseUrl() + "\"}");
        put("trakt", "{\"clientId\":\"trakt-client-id\",\"clientSecret\":\"trakt-secret-0123456789\",\"baseUrl\":\""
                + trakt.baseUrl() + "\"}");
        browser = new Browser(fixture.baseUrl());
        browser.logIn("admin", AppFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        fixture.close();
        mdblist.close();
        trakt.close();
    }

    @Test
    @Order(1)
    void an_alert_opened_through_the_api_appears_on_an_open_dashboard_and_in_the_badge_without_a_reload() {
        browser.open("/");
        assertThat(browser.find("#live-dashboard .total.error .n").getText()).isEqualTo("0");
        assertThat(browser.find("#badge .pill.error").getText()).isEqualTo("0");
        // Survives only while the page is not reloaded.
        browser.driver.executeScript("window.sameDocument = 'yes'");

        assertThat(fixture.api.post("/api/integrations/trakt/test", "").json().get("ok").asBoolean()).isFalse();

        browser.until(d -> browser.find("#badge .pill.error").getText().equals("1"));
        browser.until(d -> browser.find("#live-dashboard .total.error .n").getText().equals("1"));
        // A poll that landed while the Test Connection was in flight shows the card as Testing; the next one, Error.
        browser.until(d -> browser.find("#status-trakt").getText().equals("Error"));
        assertThat(browser.driver.executeScript("return window.sameDocument")).isEqualTo("yes");
        browser.screenshot("live-dashboard-new-alert", false);

        String id = fixture.api.get("/api/alerts").json().get("alerts").get(0).get("id").asText();
        assertThat(fixture.api.post("/api/alerts/" + id + "/dismiss", "{}").status()).isLessThan(300);
        browser.until(d -> browser.find("#badge .pill.error").getText().equals("0"));
        browser.until(d -> browser.find("#live-dashboard .total.error .n").getText().equals("0"));
        assertThat(browser.driver.executeScript("return window.sameDocument")).isEqualTo("yes");
    }

    @Test
    @Order(2)
    void integrations_and_alerts_follow_new_alerts_with_one_block_per_service_and_the_cards_first() {
        browser.open("/integrations");
        browser.driver.executeScript("window.sameDocument = 'yes'");
        assertThat(browser.find("#all-alerts").getText()).contains("No open alerts");

        // A wrong key, then an overloaded server: two open MDBList alerts (an outage does not prove the key right).
        fixture.api.post("/api/integrations/mdblist/test", "");
        mdblistStatus.set(503);
        fixture.api.post("/api/integrations/mdblist/test", "");
        assertThat(fixture.api.get("/api/alerts?service=mdblist").json().get("alerts")).hasSize(2);

        browser.until(d -> !browser.all("#all-alerts .more").isEmpty());
        assertThat(browser.find("#status-mdblist").getText()).isEqualTo("Error");
        assertThat(browser.all("#all-alerts .alert h3")).singleElement()
                .satisfies(h -> assertThat(h.getText()).startsWith("MDBList"));
        assertThat(browser.find("#all-alerts .more").getText()).isEqualTo("1 more MDBList alert »");
        assertThat(browser.find("#all-alerts .more a").getAttribute("href")).endsWith("/alerts?service=mdblist");
        // The service cards come before the alerts, so they are in view however many alerts there are.
        assertThat(browser.find("section.cards").getLocation().getY())
                .isLessThan(browser.find("#all-alerts").getLocation().getY());
        assertThat(browser.driver.executeScript("return window.sameDocument")).isEqualTo("yes");

        browser.open("/alerts");
        browser.driver.executeScript("window.sameDocument = 'yes'");
        assertThat(browser.all("#all-alerts .alert")).hasSize(2);
        mdblistStatus.set(401);
        String first = browser.find("#all-alerts .alert").getAttribute("id").substring("alert-".length());
        fixture.api.post("/api/alerts/" + first + "/dismiss", "{}");
        browser.until(d -> browser.all("#all-alerts .alert").size() == 1);
        assertThat(browser.all("#alert-" + first)).isEmpty();
        assertThat(browser.driver.executeScript("return window.sameDocument")).isEqualTo("yes");
    }

    @Test
    @Order(3)
    void an_unchanged_page_polls_with_an_empty_answer_and_a_changed_one_with_a_new_version() {
        browser.open("/alerts");
        String poll = browser.find("#live").getAttribute("hx-get");
        assertThat(poll).startsWith("/live?v=");
        var session = browser.driver.manage().getCookieNamed(dev.aperture.web.WebServer.SESSION_COOKIE);
        var page = new dev.aperture.testing.RestClient(fixture.baseUrl(),
                Map.of("Cookie", session.getName() + "=" + session.getValue(), "HX-Request", "true"));
        var unchanged = page.get(poll);
        assertThat(unchanged.status()).isEqualTo(204);
        assertThat(unchanged.body()).isEmpty();

        // One more occurrence of MDBList's open outage alert: its count on the page changes.
        mdblistStatus.set(503);
        fixture.api.post("/api/integrations/mdblist/test", "");
        var changed = page.get(poll);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().get("HX-Trigger")).containsExactly("alerts-changed");
        assertThat(changed.body()).contains("id=\"live\"").contains("hx-trigger=\"every 3s\"").doesNotContain(poll);
    }

    @Test
    @Order(4)
    void the_errors_list_pages_through_more_than_two_pages_with_and_without_a_filter() {
        // Failures a minute apart are separate records (closer ones are counted into one).
        for (int i = 0; i < 65; i++) {
            fixture.clock.advance(java.time.Duration.ofSeconds(61));
            fixture.api.post("/api/integrations/" + (i % 6 == 5 ? "mdblist" : "trakt") + "/test", "");
        }
        int all = fixture.api.get("/api/errors?limit=200").json().get("errors").size();
        assertThat(all).isGreaterThan(60);

        browser.open("/errors");
        List<String> unfiltered = pageThrough();
        assertThat(unfiltered).hasSize(all).doesNotHaveDuplicates();
        browser.find(".pager a[href='/errors']").click();
        browser.until(d -> d.getCurrentUrl().endsWith("/errors"));
        assertThat(browser.all(".error-row")).hasSize(25);

        new Select(browser.find("#filter-service")).selectByValue("trakt");
        browser.find("form.filters button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().contains("service=trakt"));
        List<String> trakt = pageThrough();
        assertThat(trakt).hasSizeGreaterThan(50).doesNotHaveDuplicates();
        assertThat(browser.driver.getCurrentUrl()).contains("service=trakt").contains("&cursor=");
        assertThat(browser.all(".error-row .svc")).allSatisfy(e -> assertThat(e.getText()).isEqualToIgnoringCase("trakt"));
        browser.screenshot("errors-last-page", false);
    }

    /** Follows "Older »" to the last page; the rows seen, by the id in their element. */
    private List<String> pageThrough() {
        List<String> seen = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        while (true) {
            assertThat(urls.add(browser.driver.getCurrentUrl())).as("a new page").isTrue();
            browser.all(".error-row").forEach(e -> seen.add(e.getAttribute("id")));
            List<WebElement> older = browser.all(".pager a[rel=next]");
            if (older.isEmpty()) {
                assertThat(urls).as("pages").hasSizeGreaterThan(2);
                return seen;
            }
            String href = older.get(0).getAttribute("href");
            older.get(0).click();
            browser.until(d -> d.getCurrentUrl().equals(href));
            assertThat(browser.find("h1").getText()).isEqualTo("Errors");
        }
    }

    @Test
    @Order(5)
    void at_phone_width_every_main_page_fits_the_screen_and_the_menu_folds() {
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
        try {
            for (String path : List.of("/", "/integrations", "/integrations/trakt", "/integrations/jellyseerr",
                    "/integrations/omdb", "/alerts", "/alerts/history", "/errors", "/jobs", "/notifications",
                    "/account")) {
                browser.open(path);
                browser.until(d -> "complete".equals(browser.driver.executeScript("return document.readyState")));
                assertThat(browser.find("#main-nav").isDisplayed()).as(path + ": menu folded").isFalse();
                assertThat(overflowing()).as(path).isEmpty();
                browser.find("label.menu-button").click();
                browser.until(d -> browser.find("#main-nav").isDisplayed());
                assertThat(browser.all("#main-nav a")).hasSize(6).allSatisfy(a -> assertThat(a.isDisplayed()).isTrue());
                assertThat(overflowing()).as(path + " with the menu open").isEmpty();
                browser.screenshot("phone" + path.replace('/', '-'), false);
            }
        } finally {
            browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * What sticks out to the right of the viewport: the document itself, or any visible element not inside a box
     * that clips or scrolls it (a wide table scrolling inside its box is fine).
     */
    @SuppressWarnings("unchecked")
    private List<String> overflowing() {
        return (List<String>) browser.driver.executeScript("""
                // A mobile viewport zooms out to fit wide content, so innerWidth alone could grow with the fault.
                var w = Math.min(window.innerWidth, arguments[0]), bad = [];
                if (document.documentElement.scrollWidth > w) bad.push('document ' + document.documentElement.scrollWidth + ' > ' + w);
                function clipped(el) {
                  for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true;
                  }
                  return false;
                }
                document.querySelectorAll('body *').forEach(function (el) {
                  var r = el.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0) return;
                  if (r.right > w + 0.5 && !clipped(el)) {
                    bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' right=' + Math.round(r.right));
                  }
                });
                return bad.slice(0, 10);
                """, PHONE);
    }

    private void put(String service, String json) {
        var reply = fixture.api.put("/api/integrations/" + service, json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
