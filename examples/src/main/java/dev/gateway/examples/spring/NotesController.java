package dev.gateway.examples.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;

/**
 * A small JSON API over notes kept in memory (parameter names are given in the annotations, so the
 * code does not depend on compiling with {@code -parameters}):
 * <ul>
 *   <li>{@code POST /notes} with {@code {"text":"..."}}: 201 and the note with its id;</li>
 *   <li>{@code GET /notes/{id}}: the note, or 404 {@code {"error":"no note 7"}};</li>
 *   <li>{@code GET /notes?contains=milk}: the notes whose text contains the word;</li>
 *   <li>{@code GET /notes/{id}/later?delayMillis=50}: the note, answered from another thread
 *       ({@link DeferredResult}, which runs on Servlet async);</li>
 *   <li>{@code POST /notes/{id}/attachments}, a multipart form with a {@code file}: its name and size.</li>
 * </ul>
 */
@RestController
@RequestMapping("/notes")
public class NotesController {

    private final Map<Long, Note> notes = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Note create(@RequestBody NewNote note) {
        Note created = new Note(ids.incrementAndGet(), note.text());
        notes.put(created.id(), created);
        return created;
    }

    @GetMapping("/{id}")
    public Note get(@PathVariable("id") long id) {
        Note note = notes.get(id);
        if (note == null) {
            throw new NotFoundException(id);
        }
        return note;
    }

    @GetMapping
    public List<Note> search(@RequestParam(name = "contains", defaultValue = "") String contains) {
        return notes.values().stream().filter(n -> n.text().contains(contains)).toList();
    }

    @GetMapping("/{id}/later")
    public DeferredResult<Note> later(@PathVariable("id") long id,
                                     @RequestParam(name = "delayMillis", defaultValue = "10") long delayMillis) {
        DeferredResult<Note> result = new DeferredResult<>(5_000L);
        CompletableFuture.runAsync(() -> {
            try {
                result.setResult(get(id));
            } catch (NotFoundException e) {
                result.setErrorResult(e);
            }
        }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
        return result;
    }

    @PostMapping("/{id}/attachments")
    public Map<String, Object> attach(@PathVariable("id") long id, @RequestParam("file") MultipartFile file) {
        Note note = get(id);
        return Map.of("note", note.id(), "name", String.valueOf(file.getOriginalFilename()), "size", file.getSize());
    }

    @ExceptionHandler
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, String> notFound(NotFoundException e) {
        return Map.of("error", e.getMessage());
    }
}
