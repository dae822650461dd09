package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.junit.jupiter.api.Tag;

/**
 * The pages under their Content-Security-Policy in a real (headless) Chromium: nothing on them is refused
 * (read from the browser console, where Chromium reports every violation), htmx still works, and what the
 * policy exists for is refused: inline script and framing by another origin.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentSecurityPolicyBrowserTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private final FakeServer omdb = new FakeServer();
    private final FakeServer otherOrigin = new FakeServer();
    private Browser browser;

    @BeforeAll
    void start() {
        // OMDb's answer to a valid key: {"Response":"True", ...} with the title's fields (omdbapi.com, "Examples").
        omdb.answer("/", Response.json(200, "{\"Title\":\"Guardians\",\"Response\":\"True\"}"));
        var saved = fixture.api.put("/api/integrations/omdb",
                "{\"apiKey\":\"omdb-key-0123456789\",\"baseUrl\":\"" + omdb.baseUrl() + "\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        otherOrigin.answer("/", Response.html(200, "<!doctype html><title>elsewhere</title><iframe id=\"victim\" src=\""
                + fixture.baseUrl() + "/notifications\" width=\"800\" height=\"600\"></iframe>"));
        browser = new Browser(fixture.baseUrl());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        fixture.close();
        omdb.close();
        otherOrigin.close();
    }

    /** The console since the last call (Chromium hands each entry out once). */
    private List<String> console() {
        return browser.driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    private static List<String> violations(List<String> console) {
        return console.stream().filter(m -> m.contains("Content Security Policy") || m.contains("Refused to")).toList();
    }

    @Test
    @Order(1)
    void no_page_has_a_policy_violation() {
        browser.open("/login");
        assertThat(browser.find("#username").isDisplayed()).isTrue();
        assertThat(violations(console())).as("login page").isEmpty();
        browser.logIn("admin", AppFixture.ADMIN_PASSWORD);
        for (String path : List.of("/", "/integrations", "/integrations/omdb", "/integrations/trakt", "/alerts",
                "/alerts/history", "/errors", "/jobs", "/notifications")) {
            browser.open(path);
            browser.until(d -> "complete".equals(browser.driver.executeScript("return document.readyState")));
            assertThat(browser.driver.executeScript("return typeof htmx")).as(path).isEqualTo("object");
            assertThat(violations(console())).as(path).isEmpty();
        }
    }

    @Test
    @Order(2)
    void htmx_still_swaps_a_test_result_in_under_the_policy_and_inserts_no_style() {
        browser.open("/integrations/omdb");
        assertThat(browser.driver.executeScript("return htmx.config.includeIndicatorStyles")).isEqualTo(false);
        browser.find("#card-omdb button.test").click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("test-omdb"), "Connected"));
        assertThat(omdb.requests()).isNotEmpty();
        assertThat(browser.driver.executeScript("return document.querySelectorAll('style').length")).isEqualTo(0L);
        assertThat(violations(console())).isEmpty();
    }

    @Test
    @Order(3)
    void an_injected_inline_script_is_refused_and_reported() {
        browser.open("/alerts");
        console();
        browser.driver.executeScript("var s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                + " document.body.appendChild(s);");
        assertThat(browser.driver.executeScript("return window.injected === undefined")).isEqualTo(true);
        assertThat(violations(console())).anySatisfy(m -> assertThat(m).contains("inline script"));
    }

    @Test
    @Order(4)
    void another_origin_cannot_frame_a_logged_in_page() {
        browser.driver.get(otherOrigin.baseUrl() + "/");
        browser.until(d -> "complete".equals(browser.driver.executeScript("return document.readyState")));
        String refusal = browser.until(d -> violations(console()).stream().filter(m -> m.contains("frame-ancestors"))
                .findFirst().orElse(null));
        assertThat(refusal).contains("frame-ancestors 'none'");
        browser.driver.switchTo().frame("victim");
        assertThat(browser.driver.findElements(By.cssSelector("form.logout"))).isEmpty();
        browser.driver.switchTo().defaultContent();
    }
}
