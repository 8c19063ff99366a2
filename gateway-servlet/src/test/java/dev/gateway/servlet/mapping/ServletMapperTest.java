package dev.gateway.servlet.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The mapping rules of Servlet 6.1 chapter 12, with the examples of section 12.2.2 and more. */
class ServletMapperTest {

    private static ServletMapper<String> mapper() {
        ServletMapper<String> mapper = new ServletMapper<>();
        mapper.add("/foo/bar/*", "servlet1", "servlet1");
        mapper.add("/baz/*", "servlet2", "servlet2");
        mapper.add("/catalog", "servlet3", "servlet3");
        mapper.add("*.bop", "servlet4", "servlet4");
        mapper.add("/", "default", "default");
        mapper.add("", "root", "root");
        mapper.add("/*.txt/x", "odd", "odd");
        return mapper;
    }

    // path, servlet, servlet path, path info (- for null), match kind, match value
    @ParameterizedTest
    @CsvSource({
            "/foo/bar/index.html, servlet1, /foo/bar, /index.html, PATH, index.html",
            "/foo/bar/index.bop, servlet1, /foo/bar, /index.bop, PATH, index.bop",
            "/foo/bar, servlet1, /foo/bar, -, PATH, ''",
            "/foo/barista, default, /foo/barista, -, DEFAULT, ''",
            "/baz, servlet2, /baz, -, PATH, ''",
            "/baz/index.html, servlet2, /baz, /index.html, PATH, index.html",
            "/catalog, servlet3, /catalog, -, EXACT, catalog",
            "/catalog/index.html, default, /catalog/index.html, -, DEFAULT, ''",
            "/catalog/racecar.bop, servlet4, /catalog/racecar.bop, -, EXTENSION, catalog/racecar",
            "/index.bop, servlet4, /index.bop, -, EXTENSION, index",
            "/a.bop/b, default, /a.bop/b, -, DEFAULT, ''",
            "/Catalog, default, /Catalog, -, DEFAULT, ''",
            "/, root, '', /, CONTEXT_ROOT, ''",
            "'', root, '', /, CONTEXT_ROOT, ''",
            "/*.txt/x, odd, /*.txt/x, -, EXACT, *.txt/x",
    })
    void mapsByTheRulesOfChapter12(String path, String servlet, String servletPath, String pathInfo, MappingMatch kind, String matchValue) {
        ServletMatch<String> match = mapper().match(path);
        assertEquals(servlet, match.target());
        assertEquals(servletPath, match.servletPath());
        assertEquals(pathInfo.equals("-") ? null : pathInfo, match.pathInfo());
        assertEquals(kind, match.getMappingMatch());
        assertEquals(matchValue, match.getMatchValue());
    }

    @Test
    void slashStarTakesEverythingButExactMatches() {
        ServletMapper<String> mapper = new ServletMapper<>();
        mapper.add("/*", "all", "all");
        mapper.add("/exact", "exact", "exact");
        mapper.add("*.jsp", "jsp", "jsp");
        assertEquals("exact", mapper.match("/exact").target());
        ServletMatch<String> all = mapper.match("/page.jsp");
        assertEquals("all", all.target());
        assertEquals("", all.servletPath());
        assertEquals("/page.jsp", all.pathInfo());
        assertEquals("/", mapper.match("/").pathInfo());
    }

    @Test
    void longestPrefixWins() {
        ServletMapper<String> mapper = new ServletMapper<>();
        mapper.add("/a/*", "a", "a");
        mapper.add("/a/b/*", "ab", "ab");
        assertEquals("ab", mapper.match("/a/b/c").target());
        assertEquals("a", mapper.match("/a/bc").target());
    }

    @Test
    void withoutDefaultNothingMatchesUnknownPaths() {
        ServletMapper<String> mapper = new ServletMapper<>();
        mapper.add("/x", "x", "x");
        assertNull(mapper.match("/y"));
    }

    @Test
    void aPatternMapsToOneServletOnly() {
        ServletMapper<String> mapper = new ServletMapper<>();
        mapper.add("/x", "x", "x");
        assertFalse(mapper.add("/x", "y", "y"));
    }

    @ParameterizedTest
    @CsvSource({"foo", "*.", "*.a/b", "a/*"})
    void refusesInvalidPatterns(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse(pattern));
    }
}
