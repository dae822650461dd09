package dev.aperture.alerts;

import dev.aperture.calls.CallObserver;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Supersession} to every finished call: the alerts its answer proves wrong end, with the
 * answer as their reason. The open alerts are read from the alert store's memory on every call, so one
 * opened a moment ago here or on another instance is seen at once.
 */
public final class Superseding implements CallObserver {

    private static final Logger LOG = LoggerFactory.getLogger(Superseding.class);

    /** The store step: {@link AlertStore#end}. */
    @FunctionalInterface
    public interface Ender {
        List<Alert> end(Collection<String> alertIds, Resolution why, String endedBy);
    }

    private final Function<String, List<Alert>> ongoing;
    private final Ender ender;

    public Superseding(Function<String, List<Alert>> ongoing, Ender ender) {
        this.ongoing = ongoing;
        this.ender = ender;
    }

    @Override
    public void completed(Finished call) {
        Supersession.of(call).ifPresent(seen -> {
            List<Alert> ending = Supersession.ending(seen, ongoing.apply(seen.service().id()));
            if (ending.isEmpty()) {
                return;
            }
            List<Alert> ended = ender.end(ending.stream().map(Alert::id).toList(), seen.resolution(), seen.words());
            if (!ended.isEmpty()) {
                LOG.info("service={} ended {} alert(s) by a {}", seen.service().id(), ended.size(),
                        seen.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
    }
}
