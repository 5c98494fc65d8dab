package ru.osago.aggregator.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Hands the authenticated operator's name to the Camel routes as the request header {@value #HEADER}. Camel's
 * platform-http runs a route on its own thread, where Spring Security's context (a thread local) is not seen; a
 * header of this name sent by the client is replaced, never passed on.
 */
class OperatorNameHeader extends OncePerRequestFilter {

    static final String HEADER = "X-Osago-Operator";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = authentication != null && authentication.isAuthenticated() ? authentication.getName() : null;
        chain.doFilter(new Named(request, name), response);
    }

    private static final class Named extends HttpServletRequestWrapper {

        private final String name;

        Named(HttpServletRequest request, String name) {
            super(request);
            this.name = name;
        }

        @Override
        public String getHeader(String header) {
            return HEADER.equalsIgnoreCase(header) ? name : super.getHeader(header);
        }

        @Override
        public Enumeration<String> getHeaders(String header) {
            if (HEADER.equalsIgnoreCase(header)) {
                return name == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(name));
            }
            return super.getHeaders(header);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>();
            for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
                String header = all.nextElement();
                if (!HEADER.equalsIgnoreCase(header)) {
                    names.add(header);
                }
            }
            if (name != null) {
                names.add(HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
