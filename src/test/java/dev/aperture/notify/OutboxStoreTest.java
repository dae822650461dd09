package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Database;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.TestDatabases;
import dev.aperture.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox and channel store on SQLite and PostgreSQL: sealing, and two workers racing on one store. */
class OutboxStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private final SecretBox box = SecretBox.ofKey(new byte[32]);
    private final ObjectMapper json = Json.newMapper();
    private TestDatabases.Target target;
    private Database db;

    @AfterEach
    void close() {
        receiver.close();
        if (db != null) {
            db.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private NotificationWorker worker(ChannelStore store, AlertStore alerts) {
        HttpPost http = new HttpPost(Duration.ofSeconds(2), Duration.ofSeconds(5), json, clock);
        Channels channels = Channels.standard(http, Duration.ofSeconds(2), Duration.ofSeconds(5));
        Outbox outbox = new Outbox(db.jdbi(), json);
        return new NotificationWorker(channels, store, outbox, alerts::openAlerts, clock,
                Duration.ofSeconds(30), () -> "https://aperture.example.net",
                new DailyDigest(db.jdbi(), outbox, () -> "https://aperture.example.net"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void secrets_are_sealed_at_rest_and_read_back_whole(TestDatabases kind) {
        target = kind.create();
        db = target.open();
        ChannelStore store = new ChannelStore(db.jdbi(), box, clock, json);
        ChannelSettings settings = new ChannelSettings(Map.of("url", "https://ntfy.example.net/alerts"),
                Map.of("token", Secret.of("tk_sealed_value_1234")), Map.of());
        store.insert(new ChannelConfig("c1", "phone", ChannelType.NTFY, true, settings,
                new Rules(Set.of(Severity.ERROR), Set.of("tmdb"), false, Duration.ofMinutes(90)),
                ChannelConfig.Health.fresh(clock.instant())));

        String raw = db.jdbi().withHandle(h -> h.createQuery("SELECT secrets_json FROM notification_channels")
                .mapTo(String.class).one());
        assertThat(raw).doesNotContain("tk_sealed_value_1234").contains("v1:");
        ChannelConfig read = store.find("c1").orElseThrow();
        assertThat(read.settings().secret("token").reveal()).isEqualTo("tk_sealed_value_1234");
        assertThat(read.settings().value("url")).isEqualTo("https://ntfy.example.net/alerts");
        assertThat(read.rules()).isEqualTo(new Rules(Set.of(Severity.ERROR), Set.of("tmdb"), false,
                Duration.ofMinutes(90)));
        assertThat(read.status()).isEqualTo(ChannelStatus.OK);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void two_workers_racing_on_one_store_send_each_batch_exactly_once(TestDatabases kind) throws Exception {
        target = kind.create();
        db = target.open();
        ChannelStore store = new ChannelStore(db.jdbi(), box, clock, json);
        store.insert(new ChannelConfig("hook", "hook", ChannelType.WEBHOOK, true, new ChannelSettings(
                Map.of("url", receiver.baseUrl() + "/hook"), Map.of(), Map.of()), Rules.defaults(),
                ChannelConfig.Health.fresh(clock.instant())));
        Outbox outbox = new Outbox(db.jdbi(), json);
        AlertStore book = new AlertStore(db, clock, new NotificationDispatcher(outbox, clock), json);
        for (ServiceId s : ServiceId.values()) {
            book.record(new Occurrence(s, new Outcome.Failure(ErrorType.OUTAGE, "503", 503, "down", "wait"),
                    new RequestDetails("GET", "https://x.invalid/", Map.of(), 503, "", 1), null, clock.instant()), 1);
        }
        clock.advance(Duration.ofSeconds(31));
        NotificationWorker one = worker(store, book);
        NotificationWorker two = worker(store, book);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(one::tick));
                runs.add(pool.submit(two::tick));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(receiver.requests()).hasSize(1);
        assertThat(NotifyFixture.parse(receiver.lastRequest().body()).get("alerts")).hasSize(ServiceId.values().length);
        assertThat(outbox.recent("hook", 10)).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void the_channel_registry_refuses_a_missing_or_duplicate_flavour() {
        HttpPost http = new HttpPost(Duration.ofSeconds(1), Duration.ofSeconds(1), json, clock);
        assertThatThrownBy(() -> new Channels(List.of(new WebhookChannel(http))))
                .hasMessage("no channel flavour for email");
        assertThatThrownBy(() -> new Channels(List.of(new WebhookChannel(http), new WebhookChannel(http))))
                .hasMessage("two channel flavours for webhook");
    }

    @Test
    void backoff_doubles_from_thirty_seconds_and_is_capped_at_an_hour() {
        assertThat(List.of(1, 2, 3, 4, 8, 30).stream().map(NotificationWorker::backoff).toList()).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(60), Duration.ofMinutes(60));
    }
}
