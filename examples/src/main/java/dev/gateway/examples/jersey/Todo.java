package dev.gateway.examples.jersey;

/**
 * A todo, as JSON: {@code {"id":1,"title":"buy milk","done":false}}.
 *
 * @param id    given by the server
 * @param title what is to be done
 * @param done  whether it is done
 */
public record Todo(long id, String title, boolean done) {
}
