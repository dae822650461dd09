package dev.aperture.calls;

import dev.aperture.store.Wired;

/** How loud an alert is: error (red), warning (yellow), info (blue); its wire name is the lower-case constant. */
public enum Severity implements Wired {
    ERROR, WARNING, INFO;
}
