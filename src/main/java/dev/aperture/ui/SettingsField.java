package dev.aperture.ui;

/**
 * One input of a service's settings form. A secret's {@code value} is only its masked form
 * (never the secret), and sending the masked form back means "keep the saved one".
 */
public record SettingsField(String name, String label, String type, String value, String help, String error) {}
