package dev.aperture.integrations.mediaserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaServerClientTest {

    private static final String KEY = "4a1b2c3d4e5f60718293a4b5c6d7e8f9";
    /**
     * GET /Items (https://api.jellyfin.org/, "Items" → GetItems, a BaseItemDtoQueryResult: Items, TotalRecordCount,
     * StartIndex; each BaseItemDto with Name, Id, Type, ProductionYear and ProviderIds), values of a real library:
     * a movie, a series, and a box set the type filter did not keep out.
     */
    private static final String PAGE = "{\"Items\":[{\"Name\":\"The Matrix\",\"ServerId\":\"f3a4e5\","
            + "\"Id\":\"8f2e9d0c1b4a4f6e9c3b2a1d0e9f8c7b\",\"ProductionYear\":1999,\"IsFolder\":false,\"Type\":\"Movie\","
            + "\"ProviderIds\":{\"Imdb\":\"tt0133093\",\"Tmdb\":\"603\"}},{\"Name\":\"Breaking Bad\",\"ServerId\":\"f3a4e5\","
            + "\"Id\":\"1c2d3e4f5a6b4c7d8e9f0a1b2c3d4e5f\",\"ProductionYear\":2008,\"IsFolder\":true,\"Type\":\"Series\","
            + "\"ProviderIds\":{\"Tvdb\":\"81189\",\"Imdb\":\"tt0903747\",\"Tmdb\":\"1396\"}},{\"Name\":\"The Matrix "
            + "Collection\",\"Id\":\"aa11bb22cc33dd44ee55ff6677889900\",\"IsFolder\":true,\"Type\":\"BoxSet\","
            + "\"ProviderIds\":{\"Tmdb\":\"2344\"}}],\"TotalRecordCount\":412,\"StartIndex\":200}";

    private final MediaServerIntegration server = new MediaServerIntegration();
    private final PipelineFixture fixture = new PipelineFixture(server);
    private final MediaServerClient client = new MediaServerClient(server, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    @Test
    void a_library_page_asks_for_movies_and_series_with_provider_ids_and_reads_them_with_the_total() {
        fixture.server.answer(Response.json(200, PAGE));

        Fetched<MediaServerPage> fetched = client.library(caller, settings(), 200, 200);

        assertThat(fetched).isEqualTo(new Fetched.Got<>(new MediaServerPage(412, List.of(
                new MediaServerItem(false, "The Matrix", 1999, "tt0133093", "603", "8f2e9d0c1b4a4f6e9c3b2a1d0e9f8c7b"),
                new MediaServerItem(true, "Breaking Bad", 2008, "tt0903747", "1396",
                        "1c2d3e4f5a6b4c7d8e9f0a1b2c3d4e5f"))), fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/Items");
        assertThat(sent.query()).contains("Recursive=true").contains("IncludeItemTypes=Movie%2CSeries")
                .contains("Fields=ProviderIds%2CProductionYear").contains("StartIndex=200").contains("Limit=200");
        // How the key travels is the integration's (and differs by server); it must travel in a header, not the URL.
        assertThat(sent.headers().values()).anyMatch(v -> v.contains(KEY));
        assertThat(sent.query()).doesNotContain(KEY);
    }

    @Test
    void an_answer_without_an_items_list_is_unreadable() {
        fixture.server.answer(Response.json(200, "{\"TotalRecordCount\":412}"));

        assertThat(client.library(caller, settings(), 0, 1)).isInstanceOf(Fetched.Unreadable.class);
    }
}
