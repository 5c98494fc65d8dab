package ru.osago.aggregator.config;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import java.util.List;
import java.util.Locale;

/**
 * Everything the aggregator serves is for operators: the operator API and page, the status and audit API (personal
 * data) and Actuator, except the health probes. HTTP Basic against the users of {@code osago.operator.users}; role
 * read may look, role control may also act ({@code POST /osago/insurers/**}). No session: every request carries its
 * credentials. CSRF protection is off because the only state-changing requests take a JSON body
 * ({@code consumes application/json}, 415 otherwise), which a cross-site form cannot send.
 */
@Configuration
public class OperatorSecurity {

    /** The request header that carries the authenticated operator's name to the routes (OperatorNameHeader). */
    public static final String OPERATOR_HEADER = OperatorNameHeader.HEADER;
    static final String READ = "OPERATOR_READ";
    static final String CONTROL = "OPERATOR_CONTROL";

    @Bean
    SecurityFilterChain operatorChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Spring Boot's error answer for a request already refused (or answered) above
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/osago/insurers/**").hasRole(CONTROL)
                        .anyRequest().hasAnyRole(READ, CONTROL))
                .httpBasic(Customizer.withDefaults())
                .addFilterAfter(new OperatorNameHeader(), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * Only the look-up is a bean, not the manager: Spring Security finds the manager's password-update side by its
     * type and, after each successful sign-in, re-encodes a password not in its default encoding, so a {noop}
     * password became a bcrypt hash at the first sign-in, and every request after it cost a bcrypt check.
     */
    @Bean
    UserDetailsService operators(AggregatorProperties properties) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users(properties.operator().users()));
        return manager::loadUserByUsername;
    }

    /**
     * Control includes read. A password without an encoding prefix is compared as written ({noop}): hashing it
     * here would cost a bcrypt check per request (the page polls, Prometheus scrapes); give {bcrypt}… to hash.
     */
    static List<UserDetails> users(List<AggregatorProperties.Operator.User> configured) {
        return configured.stream().map(user -> {
            String role = user.role().toLowerCase(Locale.ROOT);
            if (!role.equals("read") && !role.equals("control")) {
                throw new IllegalStateException("osago.operator.users: user " + user.name() + " has role '" + user.role()
                        + "' (read or control)");
            }
            if (user.name() == null || user.name().isBlank() || user.password() == null || user.password().isEmpty()) {
                throw new IllegalStateException("osago.operator.users: a user without a name or password");
            }
            String password = user.password().startsWith("{") ? user.password() : "{noop}" + user.password();
            return User.withUsername(user.name()).password(password)
                    .roles(role.equals("control") ? new String[] {READ, CONTROL} : new String[] {READ})
                    .build();
        }).toList();
    }
}
