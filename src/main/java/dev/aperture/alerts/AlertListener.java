package dev.aperture.alerts;

import java.util.List;

/** Told when alerts open and resolve (notifications, metrics). Must return quickly. */
public interface AlertListener {

    void opened(Alert alert);

    void resolved(List<Alert> alerts);

    AlertListener NONE = new AlertListener() {
        @Override
        public void opened(Alert alert) {}

        @Override
        public void resolved(List<Alert> alerts) {}
    };
}
