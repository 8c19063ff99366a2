package dev.gateway.examples.spring;

/**
 * A note, as JSON: {@code {"id":1,"text":"buy milk"}}.
 *
 * @param id   given by the server
 * @param text what the note says
 */
public record Note(long id, String text) {
}
