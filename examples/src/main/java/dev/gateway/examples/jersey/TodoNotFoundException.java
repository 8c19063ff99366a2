package dev.gateway.examples.jersey;

/** No todo has the id asked for; {@link TodoNotFoundMapper} answers 404 with a JSON error. */
public final class TodoNotFoundException extends RuntimeException {

    TodoNotFoundException(long id) {
        super("no todo " + id);
    }
}
