package dev.aperture.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description covers every route the server really registers. */
class OpenApiContractTest {

    @Test
    void every_registered_route_is_described_in_openapi_json() {
        try (AppFixture fixture = new AppFixture(TestDatabases.SQLITE)) {
            JsonNode doc = fixture.api.get("/api/openapi.json").json();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            JsonNode paths = doc.get("paths");
            for (Api.Route route : fixture.app.web.routes()) {
                assertThat(paths.has(route.path())).as("path %s in openapi.json", route.path()).isTrue();
                assertThat(paths.get(route.path()).has(route.method()))
                        .as("%s %s in openapi.json", route.method(), route.path()).isTrue();
            }
            paths.fieldNames().forEachRemaining(path -> assertThat(fixture.app.web.routes())
                    .as("described path %s is served", path)
                    .anyMatch(r -> r.path().equals(path)));
        }
    }
}
