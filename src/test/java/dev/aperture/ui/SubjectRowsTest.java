package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reported: bob's row in the users table showed nothing wrong while his alert was open. An alert about one
 * subject (a list, a user) marks that subject's row, and the service page, its card and the API agree on it,
 * while it counts and after it is dismissed.
 */
class SubjectRowsTest {

    private final FakeServer jellyseerr = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        jellyseerr.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_list_alert_marks_its_row_and_the_page_the_card_and_the_api_agree_until_it_is_dismissed(TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/mdblist",
                "{\"apiKey\":\"abcdefghijklmnopqrstuvwxy\",\"listIds\":\"top-movies,kids\"}").status()).isEqualTo(200);
        // MDBList answers 404 for a list id it does not know (mdblist.com/api docs, GET /lists/{id}/items).
        String alertId = record(ServiceId.MDBLIST, new Outcome.Failure(ErrorType.CONFIGURATION, "list_not_found",
                404, "MDBList has no list top-movies.", "Check the list id in the MDBList settings.")
                .withSubject("top-movies")).alertId();
        RestClient browser = fixture.browserSession();

        String page = page(browser, "/integrations/mdblist");
        assertThat(row(page, "top-movies")).contains("has-alert error").contains("href=\"/alerts/" + alertId + "\"");
        assertThat(row(page, "kids")).doesNotContain("has-alert").doesNotContain("/alerts/");
        assertThat(page).contains("id=\"status-mdblist\" class=\"status error\"").contains("/alerts/" + alertId)
                .doesNotContain("No open MDBList alerts");
        assertThat(page(browser, "/integrations")).contains("id=\"status-mdblist\" class=\"status error\"");
        JsonNode api = fixture.api.get("/api/integrations/mdblist").json();
        assertThat(api.get("status").asText()).isEqualTo("error");
        assertThat(api.get("openAlerts")).extracting(a -> a.get("id").asText()).containsExactly(alertId);
        assertThat(api.get("subjectAlerts")).hasSize(1);
        assertThat(api.at("/subjectAlerts/0/subject").asText()).isEqualTo("top-movies");
        assertThat(api.at("/subjectAlerts/0/alertId").asText()).isEqualTo(alertId);
        assertThat(api.at("/subjectAlerts/0/severity").asText()).isEqualTo("error");

        assertThat(fixture.api.post("/api/alerts/" + alertId + "/dismiss", "").status()).isEqualTo(200);

        String dismissed = page(browser, "/integrations/mdblist");
        assertThat(row(dismissed, "top-movies")).doesNotContain("has-alert").doesNotContain("/alerts/");
        assertThat(dismissed).contains("id=\"status-mdblist\" class=\"status connected\"")
                .contains("No open MDBList alerts");
        JsonNode after = fixture.api.get("/api/integrations/mdblist").json();
        assertThat(after.get("status").asText()).isEqualTo("connected");
        assertThat(after.get("subjectAlerts")).isEmpty();
        JsonNode included = fixture.api.get("/api/integrations/mdblist?includeDismissed=true").json();
        assertThat(included.get("status").asText()).isEqualTo("error");
        assertThat(included.at("/subjectAlerts/0/alertId").asText()).isEqualTo(alertId);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_user_alert_marks_the_mapped_users_row_and_an_unmapped_user_is_listed_beside_the_table(TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/jellyseerr", "{\"baseUrl\":\"" + jellyseerr.baseUrl()
                + "\",\"apiKey\":\"jellyseerr-key-0123456789\"}").status()).isEqualTo(200);
        assertThat(fixture.api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":42,\"username\":\"admin\"}")
                .status()).isEqualTo(200);
        assertThat(fixture.api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":43,\"username\":\"admin\"}")
                .status()).isEqualTo(200);
        // Jellyseerr's GET /api/v1/user/{id} answers 404 for a user id it does not have (its OpenAPI spec).
        String mapped = record(ServiceId.JELLYSEERR, new Outcome.Failure(ErrorType.CONFIGURATION, "user_not_found",
                404, "Jellyseerr has no user 42.", "Map the requester again.").withSubject("user 42")).alertId();
        String unmapped = record(ServiceId.JELLYSEERR, new Outcome.Failure(ErrorType.CONFIGURATION, "user_not_mapped",
                null, "Jellyseerr user 7 matches no Aperture user.", "Add a mapping below.").withSubject("user 7"))
                .alertId();
        RestClient browser = fixture.browserSession();

        String page = page(browser, "/integrations/jellyseerr");
        assertThat(row(page, "42")).contains("has-alert error").contains("href=\"/alerts/" + mapped + "\"");
        assertThat(row(page, "43")).doesNotContain("has-alert");
        assertThat(page).contains("id=\"subject-alerts\"").contains("href=\"/alerts/" + unmapped + "\"")
                .contains("id=\"status-jellyseerr\" class=\"status error\"");
        JsonNode api = fixture.api.get("/api/integrations/jellyseerr").json();
        assertThat(api.get("subjectAlerts")).extracting(a -> a.get("alertId").asText())
                .containsExactlyInAnyOrder(mapped, unmapped);

        fixture.api.post("/api/alerts/dismiss", "{\"service\":\"jellyseerr\"}");
        String dismissed = page(browser, "/integrations/jellyseerr");
        assertThat(row(dismissed, "42")).doesNotContain("has-alert");
        assertThat(dismissed).doesNotContain("id=\"subject-alerts\"")
                .contains("id=\"status-jellyseerr\" class=\"status connected\"");
    }

    private Recorded record(ServiceId service, Outcome.Failure failure) {
        return fixture.app.alerts.record(new Occurrence(service, failure, new RequestDetails("GET",
                "http://127.0.0.1/", Map.of(), failure.httpStatus(), "", 5), null, fixture.clock.instant()), 1);
    }

    /** The table row whose first cell starts with {@code name}. */
    private static String row(String page, String name) {
        Matcher m = java.util.regex.Pattern.compile("<tr[^>]*>\\s*<(?:th scope=\"row\"|td)>" + java.util.regex.Pattern
                .quote(name) + "[ <].*?</tr>", java.util.regex.Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("a row for " + name).isTrue();
        return m.group();
    }


    private static String page(RestClient browser, String path) {
        RestClient.Reply reply = browser.get(path);
        assertThat(reply.status()).as(path).isEqualTo(200);
        return reply.body();
    }
}
