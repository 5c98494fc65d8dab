package ru.osago.core;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.List;

/**
 * Actuator beyond health is for operators (HTTP Basic, {@code osago.core.actuator-users}); the probes stay open.
 * The chain covers {@code /actuator/**} only: the driver's API, page and streams pass no security filter at all.
 */
@Configuration
@EnableConfigurationProperties(ActuatorSecurity.Users.class)
class ActuatorSecurity {

    @ConfigurationProperties("osago.core")
    record Users(List<Operator> actuatorUsers) {

        record Operator(String name, String password) {
        }
    }

    @Bean
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("OPERATOR_READ"))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * Spring Security's firewall sees every request, even those no chain covers: it would refuse a header value with
     * characters it does not like (a 400 without a body) before the API could answer with its field error
     * ({@code X-User-Id}), so header checks are left to the API; its URL checks stay.
     */
    @Bean
    WebSecurityCustomizer headersLeftToTheApi() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        return web -> web.httpFirewall(firewall);
    }

    /**
     * A password without an encoding prefix is compared as written ({noop}); give {bcrypt}… to hash it. Only the
     * look-up is a bean, not the manager: Spring Security finds the manager's password-update side by its type and,
     * after each successful sign-in, re-encodes a password not in its default encoding, so a {noop} password became
     * a bcrypt hash at the first scrape, and every scrape after it cost a bcrypt check (BENCHMARKS.md, session 41).
     */
    @Bean
    UserDetailsService actuatorUsers(Users users) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users.actuatorUsers().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password().startsWith("{") ? user.password() : "{noop}" + user.password())
                        .roles("OPERATOR_READ").build())
                .toList());
        return manager::loadUserByUsername;
    }
}
