package dev.gateway.examples.jersey;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Turns {@link TodoNotFoundException} into {@code 404 {"error":"no todo 7"}}. */
@Provider
public final class TodoNotFoundMapper implements ExceptionMapper<TodoNotFoundException> {

    @Override
    public Response toResponse(TodoNotFoundException e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
