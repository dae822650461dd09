package dev.aperture.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.alerts.AlertListener;
import dev.aperture.alerts.Alert;
import dev.aperture.jobs.Schedules;
import dev.aperture.secrets.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The notifications feature as the composition root sees it: the alert listener that fills the
 * outbox, the routes, and the recurring worker. One line per channel flavour below.
 */
public final class Notifications {

    private final NotificationDispatcher dispatcher;
    private final NotificationWorker worker;
    private final NotificationRoutes routes;

    public Notifications(Jdbi jdbi, SecretBox box, Clock clock, Supplier<List<Alert>> openAlerts,
                         Duration batchWindow,
                         Duration connectTimeout, Duration requestTimeout, Supplier<String> publicUrl,
                         ObjectMapper json) {
        HttpPost http = new HttpPost(connectTimeout, requestTimeout, json, clock);
        Channels channels = Channels.standard(http, connectTimeout, requestTimeout);
        Supplier<String> base = () -> publicUrl.get().replaceAll("/+$", "");
        ChannelStore store = new ChannelStore(jdbi, box, clock, json);
        Outbox outbox = new Outbox(jdbi, json);
        this.dispatcher = new NotificationDispatcher(outbox, clock);
        this.worker = new NotificationWorker(channels, store, outbox, openAlerts, clock, batchWindow, base,
                new DailyDigest(jdbi, outbox, base));
        this.routes = new NotificationRoutes(channels, store, outbox, worker, clock, base);
    }

    public AlertListener listener() {
        return dispatcher;
    }

    /** The REST routes, whose public operations the Notifications page shares. */
    public NotificationRoutes routes() {
        return routes;
    }

    public Schedules.Recurring recurring(Duration every) {
        return new Schedules.Recurring("notifications", every, worker::tick);
    }

    /** One round of batching, reminders and delivery now (the scheduler does this every few seconds). */
    public void tick() {
        worker.tick();
    }
}
