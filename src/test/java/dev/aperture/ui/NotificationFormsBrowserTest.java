package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The add-channel form of each channel type issue 19 added, in a real (headless) Chromium: its own fields, one
 * rejected value said next to its field (the screenshot of the form), then the corrected form saved. Saving sends
 * nothing, so no receiver is needed; the provider calls themselves are covered by the channel tests.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationFormsBrowserTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private Browser browser;

    /**
     * One form: the labels it must show, what is typed (settings by name), the one value typed wrong first with
     * the error expected next to it, and the right value that replaces it.
     */
    record Form(String type, List<String> labels, Map<String, String> typed, String wrongField, String wrongValue,
                String error, String rightValue, String secret) {

        @Override
        public String toString() {
            return type;
        }
    }

    static Stream<Form> forms() {
        return Stream.of(
                new Form("telegram", List.of("Token", "Chat ID", "Topic (message thread) ID (optional)", "URL (optional)"),
                        ordered("token", "123456789:AAE-telegram-canary_0123456789", "threadId", "42"),
                        "chatId", "family chat",
                        "Chat ID must be a numeric chat id (-1001234567890) or @channelname", "-1001234567890",
                        "telegram-canary"),
                new Form("pushover", List.of("Token", "User or group key", "URL (optional)"),
                        ordered("token", "azGDORePK8gMaC0QOYAMyEEuzJnyUi-pushover-canary"),
                        "user", "", "User or group key is required for a pushover channel",
                        "uQiRzpo4DXghDmr9QzzfQu27cmVRsG", "pushover-canary"),
                new Form("matrix", List.of("URL", "Token", "Room ID"),
                        ordered("url", "https://matrix.example.org", "token", "syt_matrix-canary_0123456789"),
                        "roomId", "#aperture:example.org",
                        "Room ID must be a room id such as !abcdefgh:example.org (room settings → Advanced), not an alias",
                        "!abcdefgh:example.org", "matrix-canary"),
                new Form("home_assistant", List.of("URL", "Token", "Notify service"),
                        ordered("url", "http://homeassistant.local:8123", "token", "eyJhbGciOiJIUzI1NiJ9.ha-canary"),
                        "service", "Pixel 8 phone", "Notify service must be a notify service name such as "
                                + "mobile_app_pixel_8 (lower-case letters, digits and _)",
                        "mobile_app_pixel_8", "ha-canary"),
                new Form("apprise", List.of("URL", "Key (optional)", "Apprise URLs (optional)", "Tag (optional)"),
                        ordered("url", "http://apprise:8000", "tag", "admins"),
                        "key", "aperture alerts! apprise-canary",
                        "Key must be letters, digits, - and _ (the key of the Apprise configuration)",
                        "aperture-alerts-apprise-canary", "apprise-canary"));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @BeforeAll
    void start() {
        browser = new Browser(fixture.baseUrl());
        browser.logIn("admin", AppFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void each_new_channel_form_shows_its_own_fields_says_a_wrong_value_next_to_its_field_and_then_saves(Form form) {
        browser.open("/notifications");
        new Select(browser.find("#new-type")).selectByValue(form.type());
        browser.find("form[action='/notifications/new'] button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().endsWith("/notifications/new?type=" + form.type()));
        List<String> labels = browser.all("form.settings .field > label").stream().map(WebElement::getText).toList();
        assertThat(labels).containsAll(form.labels());

        browser.find("#c-name").sendKeys("Home " + form.type());
        form.typed().forEach((name, value) -> type(name, value));
        type(form.wrongField(), form.wrongValue());
        browser.find("form.settings button[type=submit]").click();
        String errorId = "#e-settings-" + form.wrongField();
        assertThat(browser.until(d -> browser.find(errorId)).getText()).isEqualTo(form.error());
        // The error sits inside the wrong field's own box, and that input is the one marked invalid.
        assertThat(browser.find(".field.invalid #c-settings-" + form.wrongField())).isNotNull();
        assertThat(browser.all(".field-error")).hasSize(1);
        // A rejected form keeps what was typed, except secrets, which are never sent back to the browser.
        assertThat(browser.driver.getPageSource()).doesNotContain(form.secret());
        browser.fullScreenshot("notify-" + form.type().replace('_', '-'), 1280);

        form.typed().forEach((name, value) -> type(name, value));
        type(form.wrongField(), form.rightValue());
        browser.find("form.settings button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().contains("/notifications#channel-"));
        WebElement saved = browser.all("article.channel").stream()
                .filter(a -> a.getText().contains("Home " + form.type())).findFirst().orElseThrow();
        assertThat(saved.getText()).contains(form.type()).doesNotContain(form.secret());
        assertThat(fixture.api.get("/api/notifications/channels").body()).contains("Home " + form.type())
                .doesNotContain(form.secret());
    }

    private void type(String setting, String value) {
        WebElement input = browser.find("#c-settings-" + setting);
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }
}
