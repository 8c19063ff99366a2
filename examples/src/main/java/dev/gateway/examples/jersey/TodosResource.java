package dev.gateway.examples.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON API over todos kept in memory, under the application's {@code /api}:
 * <ul>
 *   <li>{@code POST /api/todos} with {@code {"title":"..."}}: 201, a {@code Location} and the todo;</li>
 *   <li>{@code GET /api/todos/{id}}: the todo, or 404 {@code {"error":"no todo 7"}} ({@link TodoNotFoundMapper});</li>
 *   <li>{@code GET /api/todos?done=false&contains=milk}: the todos that match;</li>
 *   <li>{@code PUT /api/todos/{id}/done}: marks it done;</li>
 *   <li>{@code GET /api/todos/{id}/later?delayMillis=50}: the todo, answered from another thread
 *       ({@code @Suspended}, which runs on Servlet async).</li>
 * </ul>
 * One instance serves every request ({@link TodosApp} registers it), so the map is shared.
 */
@Path("/todos")
@Produces(MediaType.APPLICATION_JSON)
public class TodosResource {

    private final Map<Long, Todo> todos = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewTodo todo, @Context UriInfo uri) {
        if (todo == null || todo.title() == null || todo.title().isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", "a todo needs a title")).build();
        }
        Todo created = new Todo(ids.incrementAndGet(), todo.title(), false);
        todos.put(created.id(), created);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build();
    }

    @GET
    @Path("/{id}")
    public Todo get(@PathParam("id") long id) {
        Todo todo = todos.get(id);
        if (todo == null) {
            throw new TodoNotFoundException(id);
        }
        return todo;
    }

    @GET
    public List<Todo> search(@QueryParam("done") Boolean done, @QueryParam("contains") @DefaultValue("") String contains) {
        return todos.values().stream()
                .filter(t -> done == null || t.done() == done)
                .filter(t -> t.title().contains(contains))
                .toList();
    }

    @PUT
    @Path("/{id}/done")
    public Todo markDone(@PathParam("id") long id) {
        Todo done = new Todo(id, get(id).title(), true);
        todos.put(id, done);
        return done;
    }

    @GET
    @Path("/{id}/later")
    public void later(@PathParam("id") long id, @QueryParam("delayMillis") @DefaultValue("10") long delayMillis,
                      @Suspended AsyncResponse response) {
        response.setTimeout(5, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> {
            try {
                response.resume(get(id));
            } catch (TodoNotFoundException e) {
                response.resume(e);
            }
        }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }
}
