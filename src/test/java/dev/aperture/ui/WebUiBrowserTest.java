package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.junit.jupiter.api.Tag;

/** The admin UI in a real (headless) Chromium against the whole app and loopback fakes of the providers. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private final FakeServer mdblist = new FakeServer();
    private final FakeServer omdb = new FakeServer();
    private final FakeServer tmdb = new FakeServer();
    private final FakeServer trakt = new FakeServer();
    private final FakeServer receiver = new FakeServer();
    private final AtomicBoolean omdbDown = new AtomicBoolean(true);
    /** OMDb's daily limit (providers.md, OMDb): 401 {"Response":"False","Error":"Request limit reached!"}. */
    private final AtomicBoolean omdbLimitReached = new AtomicBoolean(false);
    /** TMDb answers the first items at once and holds the rest until the test has seen the run in progress. */
    private final CountDownLatch release = new CountDownLatch(1);
    private Browser browser;

    /**
     * The app's clock stays near the browser's, which shows "x minutes ago" against its own, for readable
     * screenshots; an hour behind during the last hour of a UTC day, since OMDb's daily quota resets at midnight
     * UTC and a refusal less than 5 minutes before a reset reads as pacing, not as a used-up quota (the quota test
     * failed so at 23:58 UTC). Fixed for the class, so its clock never moves back between tests.
     */
    private java.time.Duration behindTheBrowser = java.time.Duration.ZERO;

    private java.time.Instant nearNow() {
        return java.time.Instant.now().minus(behindTheBrowser);
    }

    @BeforeAll
    void start() {
        if (java.time.LocalTime.ofInstant(java.time.Instant.now(), java.time.ZoneOffset.UTC).getHour() == 23) {
            behindTheBrowser = java.time.Duration.ofHours(1);
        }
        fixture.clock.set(nearNow());
        for (String job : new String[] {"enrich-metadata", "housekeeping", "sync-library"}) {
            // Recomputes the next run from the moved clock.
            assertThat(fixture.api.put("/api/jobs/" + job, "{}").status()).isEqualTo(200);
        }
        mdblist.answer("/", Response.json(401, "{\"error\":\"Invalid API key!\"}"));
        omdb.answer("/", r -> omdbLimitReached.get()
                ? Response.json(401, "{\"Response\":\"False\",\"Error\":\"Request limit reached!\"}")
                : omdbDown.get()
                ? Response.json(503, "{\"Response\":\"False\",\"Error\":\"Service Unavailable\"}")
                : Response.json(200, "{\"Title\":\"Guardians\",\"Response\":\"True\"}"));
        trakt.answer("/", Response.json(403, "{\"error\":\"invalid api key\"}"));
        tmdb.answer("/3/movie/", r -> {
            String id = r.path().substring("/3/movie/".length());
            if (id.equals("605")) {
                return Response.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\"}");
            }
            if (Integer.parseInt(id) > 603) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.json(200, "{\"id\":" + id + ",\"title\":\"Movie " + id + "\",\"genres\":[],\"keywords\":"
                    + "{\"keywords\":[]}}");
        });
        tmdb.answer("/3/authentication", Response.json(200, "{\"success\":true}"));
        put("mdblist", "{\"apiKey\":\"mdblist-key-0123456789\",\"baseUrl\":\"" + mdblist.baseUrl() + "\"}");
        put("omdb", "{\"apiKey\":\"omdb-key-0123456789\",\"baseUrl\":\"" + omdb.baseUrl() + "\"}");
        put("tmdb", "{\"apiKey\":\"tmdb-key-0123456789abcdef\",\"baseUrl\":\"" + tmdb.baseUrl() + "\"}");
        put("trakt", "{\"clientId\":\"trakt-client-id\",\"clientSecret\":\"trakt-secret-0123456789\",\"baseUrl\":\""
                + trakt.baseUrl() + "\"}");
        browser = new Browser(fixture.baseUrl());
    }

    @AfterAll
    void stop() {
        release.countDown();
        if (browser != null) {
            browser.close();
        }
        fixture.close();
        mdblist.close();
        omdb.close();
        tmdb.close();
        trakt.close();
        receiver.close();
    }

    @Test
    @Order(1)
    void every_page_needs_a_login_and_a_wrong_password_is_said_next_to_the_form() {
        browser.open("/integrations");
        browser.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.find("#username").sendKeys("admin");
        browser.find("#password").sendKeys("not-the-password");
        browser.find("form button[type=submit]").click();
        assertThat(browser.until(d -> browser.find("#login-error")).getText()).contains("Wrong username or password");
        browser.screenshot("login-error", false);
        browser.logIn("admin", AppFixture.ADMIN_PASSWORD);
        assertThat(browser.driver.getTitle()).isEqualTo("Dashboard · Aperture");
        browser.screenshot("after-login", false);
    }

    @Test
    @Order(2)
    void a_failing_service_shows_its_alert_on_integrations_and_its_page_and_dismiss_removes_it_and_updates_the_badge() {
        assertThat(fixture.api.post("/api/integrations/mdblist/test", "").json().get("ok").asBoolean()).isFalse();

        browser.open("/integrations");
        String alert = "#all-alerts .alert.error";
        assertThat(browser.find(alert + " h3").getText()).isEqualTo("MDBList Authentication Error");
        assertThat(browser.find("#status-mdblist").getText()).isEqualTo("Error");
        browser.open("/integrations/mdblist");
        assertThat(browser.find("#service-alerts .alert h3").getText()).isEqualTo("MDBList Authentication Error");
        assertThat(browser.find("#service-alerts .alert .action").getText()).contains("the settings below");
        assertThat(browser.find("#badge .pill.error").getText()).isEqualTo("1");
        browser.screenshot("service-alert", false);

        browser.open("/integrations");
        String before = browser.driver.getCurrentUrl();
        browser.find(alert + " button.dismiss").click();
        browser.until(d -> d.findElements(By.cssSelector(alert)).isEmpty());
        browser.until(d -> browser.find("#badge .pill.error").getText().equals("0"));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(before);
        browser.screenshot("dismissed", false);
        assertThat(fixture.api.get("/api/alerts").json().get("totals").get("error").asInt()).isZero();
    }

    @Test
    @Order(3)
    void test_connection_after_the_service_recovers_resolves_its_alert() {
        assertThat(fixture.api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isFalse();
        browser.open("/integrations/omdb");
        assertThat(browser.find("#service-alerts .alert.info h3").getText()).isEqualTo("OMDb Outage Error");
        assertThat(browser.find("#badge .pill.info").getText()).isEqualTo("1");

        omdbDown.set(false);
        browser.find("#card-omdb button.test").click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("test-omdb"), "Connected"));
        browser.until(d -> d.findElements(By.cssSelector("#service-alerts .alert")).isEmpty());
        assertThat(browser.find("#status-omdb").getText()).isEqualTo("Connected");
        assertThat(browser.find("#badge .pill.info").getText()).isEqualTo("0");
        browser.screenshot("test-connection-resolved", false);
        assertThat(fixture.api.get("/api/alerts/history").json().get("alerts").toString()).contains("test_connection");
    }

    @Test
    @Order(4)
    void a_run_shows_live_progress_to_the_end_and_its_log_links_to_the_alert() {
        put("omdb", "{\"enabled\":false}");
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 8; i++) {
            items.append(i > 1 ? "," : "").append("{\"type\":\"movie\",\"title\":\"Film ").append(i)
                    .append("\",\"year\":1999,\"tmdbId\":\"60").append(i).append("\"}");
        }
        assertThat(fixture.api.post("/api/library/import", items.append("]").toString()).status()).isEqualTo(200);

        browser.open("/jobs");
        browser.find("#job-enrich-metadata button[aria-label='Run enrich-metadata now']").click();
        browser.until(d -> d.getCurrentUrl().contains("/jobs/runs/"));
        // Items 604+ are held by the fake: the bar must move without a reload while the run goes on.
        browser.until(d -> Integer.parseInt(browser.find("#run-progress").getAttribute("value")) > 0);
        // The live fragment is swapped every poll: read each value inside a wait that retries a stale element.
        String running = browser.until(d -> browser.find("#run-status").getText());
        assertThat(running).isEqualToIgnoringCase("running");
        Integer progress = browser.until(d -> Integer.parseInt(browser.find("#run-progress").getAttribute("value")));
        assertThat(progress).isLessThan(100);
        browser.screenshot("run-in-progress", false);
        release.countDown();
        browser.until(d -> browser.find("#run-progress").getAttribute("value").equals("100"));
        browser.until(d -> !browser.find("#run-live").getAttribute("data-status").equals("running"));
        String finished = browser.until(d -> browser.find("#run-status").getText());
        assertThat(finished).isEqualToIgnoringCase("completed with errors");
        String done = browser.until(d -> browser.find(".counts .done .n").getText());
        String failed = browser.until(d -> browser.find(".counts .failed .n").getText());
        assertThat(done).isEqualTo("7");
        assertThat(failed).isEqualTo("1");
        browser.screenshot("run-finished", false);

        browser.find(".log a.alert-link").click();
        browser.until(d -> d.getCurrentUrl().contains("/alerts/"));
        assertThat(browser.find("h1").getText()).isEqualTo("TMDb Outage Error");
        assertThat(browser.find(".alert .run-link").getAttribute("href")).contains("/jobs/runs/");
        browser.screenshot("alert-from-run-log", false);
    }

    @Test
    @Order(5)
    void the_errors_page_filters_by_service_and_opens_a_request() {
        fixture.api.post("/api/integrations/trakt/test", "");
        browser.open("/errors");
        assertThat(browser.all(".error-row .svc")).extracting(e -> e.getText()).contains("Trakt", "MDBList");
        new Select(browser.find("#filter-service")).selectByValue("trakt");
        new Select(browser.find("#filter-range")).selectByValue("24h");
        browser.find("form.filters button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().contains("service=trakt"));
        assertThat(browser.all(".error-row .svc")).isNotEmpty().allSatisfy(e -> assertThat(e.getText()).isEqualTo("Trakt"));
        browser.find(".error-row summary").click();
        String details = browser.find(".error-row .details").getText();
        assertThat(details).contains("GET ").contains("HTTP 403").doesNotContain("trakt-secret-0123456789");
        browser.screenshot("errors-filtered", false);
    }

    @Test
    @Order(6)
    void a_settings_error_is_shown_next_to_its_field() {
        browser.open("/integrations/tmdb");
        var url = browser.find("#f-baseUrl");
        url.clear();
        url.sendKeys("not a url");
        browser.find("form.settings button[type=submit]").click();
        assertThat(browser.until(d -> browser.find("#e-baseUrl")).getText()).contains("Base URL is not a valid URL");
        assertThat(browser.find("#f-apiKey").getAttribute("value")).doesNotContain("tmdb-key-0123456789abcdef");
        browser.screenshot("settings-field-error", false);
    }

    @Test
    @Order(7)
    void a_webhook_channel_is_created_in_the_form_its_test_shows_the_receivers_answer_and_its_deliveries_are_listed() {
        receiver.answer("/hook", Response.json(200, "{\"received\":true}"));
        browser.open("/notifications");
        new Select(browser.find("#new-type")).selectByValue("webhook");
        browser.find("form[action='/notifications/new'] button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().contains("/notifications/new"));
        browser.find("#c-name").sendKeys("Ops webhook");
        browser.find("#c-settings-url").sendKeys("not a url");
        browser.find("form.settings button[type=submit]").click();
        assertThat(browser.until(d -> browser.find("#e-settings-url")).getText()).isEqualTo("URL is not a valid URL");
        browser.screenshot("channel-field-error", false);

        browser.find("#c-settings-url").clear();
        browser.find("#c-settings-url").sendKeys(receiver.baseUrl() + "/hook");
        browser.find("#c-headers").sendKeys("X-Token: hook-secret-0123456789");
        browser.find("form.settings button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().contains("/notifications#channel-"));
        String channel = browser.find("article.channel").getAttribute("id").substring("channel-".length());
        assertThat(browser.find("#channel-" + channel).getText()).contains("Ops webhook", "webhook", "X-Token")
                .doesNotContain("hook-secret-0123456789");

        browser.find("#channel-" + channel + " button.test").click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ctest-" + channel), "Delivered"));
        assertThat(browser.find("#ctest-" + channel).getText()).contains("accepted the message (200)");
        assertThat(receiver.lastRequest().header("X-Token")).isEqualTo("hook-secret-0123456789");
        browser.screenshot("channel-tested", false);

        // The alert opens a batch window ago, so the batch goes out now and the page's times read as "now".
        fixture.clock.set(nearNow().minusSeconds(31));
        openAlert(dev.aperture.calls.ServiceId.JELLYSEERR, "Jellyseerr rejected the API key.");
        fixture.clock.set(nearNow());
        fixture.app.notifications.tick();
        browser.open("/notifications");
        browser.until(d -> browser.all("#deliveries-" + channel + " tr.delivery").size() > 0);
        assertThat(browser.find("#deliveries-" + channel).getText()).contains("delivered");
        browser.fullScreenshot("notifications", 1280);
    }

    @Test
    @Order(8)
    void the_omdb_card_shows_its_quota_bar_after_a_few_probes() {
        put("omdb", "{\"enabled\":true}");
        omdbDown.set(false);
        for (int i = 0; i < 3; i++) {
            fixture.api.post("/api/integrations/omdb/test", "");
        }
        browser.open("/integrations");
        var bar = browser.find("#card-omdb progress#quota-omdb");
        assertThat(bar.isDisplayed()).isTrue();
        assertThat(browser.find("#quota-box-omdb").getText()).contains("Quota per UTC day").contains(" of ")
                .contains("Resets in").contains("costs one request of the daily quota");
        browser.open("/integrations/omdb");
        assertThat(browser.find("#quota-box-omdb").getText()).contains("Quota per UTC day");

        // The key's daily limit is reached: the bar, its words and the alert agree (it read "151 of 1000 (15 %)"
        // beside "daily request limit reached").
        omdbLimitReached.set(true);
        fixture.api.post("/api/integrations/omdb/test", "");
        browser.open("/integrations");
        browser.until(d -> browser.find("#quota-box-omdb").getText().contains("Used up"));
        String box = browser.find("#quota-box-omdb").getText();
        assertThat(box).containsPattern("(\\d+) of \\1 \\(limit observed\\) requests \\(100%\\)");
        assertThat(browser.find("#card-omdb progress#quota-omdb").getAttribute("value"))
                .isEqualTo(browser.find("#card-omdb progress#quota-omdb").getAttribute("max"));
        assertThat(browser.find("#status-omdb").getText()).isEqualTo("Warning");
        browser.fullScreenshot("quota-used-up", 1280);
        // Saving the settings forgets the refusal and what it taught, for the tests after this one.
        omdbLimitReached.set(false);
        put("omdb", "{\"apiKey\":\"omdb-key-0123456789\"}");
    }

    @Test
    @Order(9)
    void an_unknown_id_on_a_page_is_a_404_page_in_the_layout() {
        browser.open("/alerts/bad-id");
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");
        assertThat(browser.find(".error-page").getText()).contains("404").contains("No alert with id bad-id");
        assertThat(browser.find("#badge")).isNotNull();
        browser.fullScreenshot("not-found", 1280);
        browser.open("/jobs/runs/bad-id");
        assertThat(browser.find(".error-page").getText()).contains("No run with id bad-id");
        browser.open("/notifications/bad-id");
        assertThat(browser.find(".error-page").getText()).contains("No notification channel with id bad-id");
        assertThat(fixture.api.get("/api/jobs/runs/bad-id").status()).isEqualTo(404);
        assertThat(fixture.api.get("/api/jobs/runs/bad-id").json().get("error").asText()).contains("bad-id");
    }

    @Test
    @Order(10)
    void the_trakt_page_says_why_a_user_cannot_be_connected() {
        browser.open("/integrations/trakt");
        assertThat(browser.find("#trakt-users").getText()).contains("No Trakt user is connected yet");
        browser.find("#t-user").sendKeys("anna");
        browser.find("form[hx-post='/integrations/trakt/device'] button").click();
        browser.until(d -> !d.findElements(By.cssSelector("#trakt-device[data-state='error']")).isEmpty());
        assertThat(browser.find("#trakt-device").getText()).contains("Trakt did not start the device authorization");
        browser.fullScreenshot("trakt", 1280);

        browser.open("/integrations/jellyseerr");
        browser.find("#m-id").sendKeys("seven");
        browser.find("#m-user").sendKeys("admin");
        browser.find("form[hx-post='/integrations/jellyseerr/mappings'] button").click();
        assertThat(browser.until(d -> browser.find("#e-jellyseerrUserId")).getText()).contains("positive whole number");
        browser.find("#m-id").clear();
        browser.find("#m-id").sendKeys("7");
        browser.find("form[hx-post='/integrations/jellyseerr/mappings'] button").click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mappings"), "Jellyseerr user 7 is now admin"));
    }

    @Test
    @Order(11)
    void screenshots_of_every_page() {
        List<String> pages = List.of("dashboard", "integrations", "integration-settings", "alerts", "alert-history",
                "errors", "jobs", "run", "integrations-phone", "login");
        // Shots left by an earlier run must not pass for this run's.
        for (String page : pages) {
            Browser.SCREENSHOTS.resolve(page + ".png").toFile().delete();
        }
        fixture.api.post("/api/integrations/mdblist/test", "");
        put("omdb", "{\"enabled\":true}");
        omdbDown.set(true);
        fixture.api.post("/api/integrations/omdb/test", "");
        browser.open("/");
        browser.fullScreenshot("dashboard", 1280);
        browser.open("/integrations");
        browser.fullScreenshot("integrations", 1280);
        browser.open("/integrations/mdblist");
        browser.fullScreenshot("integration-settings", 1280);
        browser.open("/alerts");
        browser.fullScreenshot("alerts", 1280);
        browser.open("/alerts/history");
        browser.fullScreenshot("alert-history", 1280);
        browser.open("/errors");
        browser.find(".error-row summary").click();
        browser.fullScreenshot("errors", 1280);
        browser.open("/jobs");
        browser.fullScreenshot("jobs", 1280);
        browser.find("table.runs a").click();
        browser.until(d -> d.getCurrentUrl().contains("/jobs/runs/"));
        browser.fullScreenshot("run", 1280);
        browser.open("/integrations");
        browser.fullScreenshot("integrations-phone", 390);
        browser.find("form.logout button").click();
        browser.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.fullScreenshot("login", 1280);
        for (String page : pages) {
            java.io.File shot = Browser.SCREENSHOTS.resolve(page + ".png").toFile();
            assertThat(shot).as(page + " written by this run").exists();
            assertThat(shot.length()).as(page).isGreaterThan(1_000);
        }
    }

    private void openAlert(dev.aperture.calls.ServiceId service, String message) {
        var failure = new dev.aperture.calls.Outcome.Failure(dev.aperture.calls.ErrorType.AUTHENTICATION, "401", 401,
                message, "Check the key and save it.");
        fixture.app.alerts.record(new dev.aperture.calls.Occurrence(service, failure, new dev.aperture.calls.RequestDetails(
                "GET", "http://127.0.0.1/api/v1/status", java.util.Map.of(), 401, "", 5), null, fixture.clock.instant()), 1);
    }

    private void put(String service, String json) {
        var reply = fixture.api.put("/api/integrations/" + service, json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
