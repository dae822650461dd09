package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quiet hours and digest through the API and the channel form: shown, validated with the field named. */
class ChannelOptionsTest {

    private static final String BASE = "/api/notifications/channels";
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
    }

    @Test
    void quiet_hours_and_a_digest_are_saved_shown_and_switched_off_with_null() {
        String id = n.channel("{\"type\":\"pushover\",\"settings\":{\"token\":\"azGDORePK8gMaC0QOYAMyEEuzJnyUi\","
                + "\"user\":\"uQiRzpo4DXghDmr9QzzfQu27cmVRsG\"},\"rules\":{\"quietHours\":{\"start\":\"22:30\","
                + "\"end\":\"6:45\",\"minSeverity\":\"warning\"},\"digest\":{\"at\":\"08:00\",\"zone\":\"America/New_York\"}}}");
        JsonNode rules = n.channelView(id).get("rules");
        assertThat(rules.get("quietHours").toString()).isEqualTo("{\"start\":\"22:30\",\"end\":\"06:45\",\"zone\":\""
                + ZoneId.systemDefault().getId() + "\",\"minSeverity\":\"warning\"}");
        assertThat(rules.get("digest").toString()).isEqualTo("{\"at\":\"08:00\",\"zone\":\"America/New_York\"}");
        assertThat(n.channelView(id).at("/settings/url").asText()).as("the documented default base URL")
                .isEqualTo("https://api.pushover.net");

        JsonNode off = n.api().put(BASE + "/" + id, "{\"rules\":{\"quietHours\":null}}").json().get("rules");
        assertThat(off.get("quietHours").isNull()).isTrue();
        assertThat(off.get("digest").get("at").asText()).as("an omitted option is kept").isEqualTo("08:00");
    }

    @Test
    void a_provider_token_is_not_carried_to_another_base_url_unless_typed_again() {
        String id = n.channel("{\"type\":\"telegram\",\"settings\":{\"token\":\"123456:AAHdqTcvCH1vGWJxfSeofSA\","
                + "\"chatId\":\"@aperture_ops\"}}");
        RestClient.Reply moved = n.api().put(BASE + "/" + id, "{\"settings\":{\"url\":\"https://bot-api.example.net\"}}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.json().get("error").asText()).startsWith("settings.token: must be given again");
        RestClient.Reply retyped = n.api().put(BASE + "/" + id, "{\"settings\":{\"url\":\"https://bot-api.example.net\","
                + "\"token\":\"123456:AAHdqTcvCH1vGWJxfSeofSA\"}}");
        assertThat(retyped.status()).isEqualTo(200);
        assertThat(retyped.json().at("/settings/url").asText()).isEqualTo("https://bot-api.example.net");
    }

    @Test
    void a_bad_time_zone_or_window_answers_400_naming_the_field() {
        String body = "{\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/h\"},\"rules\":";
        assertThat(error(body + "{\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}}"))
                .isEqualTo("rules.quietHours.start: must be a local time as HH:mm, such as 07:00");
        assertThat(error(body + "{\"quietHours\":{\"start\":\"23:00\",\"end\":\"23:00\"}}}"))
                .isEqualTo("rules.quietHours.end: must differ from the start");
        assertThat(error(body + "{\"quietHours\":{\"start\":\"23:00\",\"end\":\"07:00\",\"zone\":\"Mars/Olympus\"}}}"))
                .isEqualTo("rules.quietHours.zone: must be a time zone such as Europe/Berlin or UTC");
        assertThat(error(body + "{\"quietHours\":{\"start\":\"23:00\",\"end\":\"07:00\",\"minSeverity\":\"loud\"}}}"))
                .isEqualTo("rules.quietHours.minSeverity: must be one of error, warning, info");
        assertThat(error(body + "{\"digest\":{\"at\":\"8 am\"}}}"))
                .isEqualTo("rules.digest.at: must be a local time as HH:mm, such as 07:00");
        assertThat(error(body + "{\"digest\":{\"when\":\"08:00\"}}}")).startsWith("rules.digest.when: is not a field");
    }

    private String error(String body) {
        RestClient.Reply reply = n.api().post(BASE, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        return reply.json().get("error").asText();
    }

    @Test
    void the_form_of_each_new_type_shows_its_fields_and_puts_an_error_next_to_the_field() {
        for (String type : new String[] {"telegram", "pushover", "matrix", "home_assistant", "apprise"}) {
            RestClient.Reply page = n.page("/notifications/new?type=" + type);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"c-settings-url\"", "id=\"c-settings-token\"".replace("token",
                    type.equals("apprise") ? "key" : "token"), "id=\"c-rules-quietHours-start\"",
                    "id=\"c-rules-digest-at\"");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Phone");
        form.put("settings.token", "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
        form.put("settings.chatId", "-1001234567890");
        form.put("severities", "error");
        form.put("quietStart", "23:00");
        form.put("quietEnd", "7 o'clock");
        form.put("enabled", "on");
        RestClient.Reply rejected = n.submit("/notifications?type=telegram", form);
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).contains("<p class=\"field-error\" id=\"e-rules-quietHours-end\">Until (HH:mm) "
                + "must be a local time as HH:mm, such as 07:00</p>");
        assertThat(rejected.body()).as("a typed secret is not sent back").doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");

        form.put("quietEnd", "07:00");
        form.put("digestAt", "08:15");
        form.put("digestZone", "Europe/Vienna");
        assertThat(n.submit("/notifications?type=telegram", form).status()).isEqualTo(303);
        JsonNode saved = n.api().get(BASE).json().get("channels").get(0);
        assertThat(saved.get("type").asText()).isEqualTo("telegram");
        assertThat(saved.at("/rules/quietHours/end").asText()).isEqualTo("07:00");
        assertThat(saved.at("/rules/digest/zone").asText()).isEqualTo("Europe/Vienna");
        assertThat(saved.at("/settings/token").asText()).isEqualTo("••••Dsaw");
    }
}
