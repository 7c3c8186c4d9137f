package dev.nudge.config;

/** Gives {@code offer} to users in {@code segment} (a segment tag or a lifecycle stage). */
public record OfferRule(String segment, String offer) {}
