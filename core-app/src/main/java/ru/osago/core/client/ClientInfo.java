package ru.osago.core.client;

import java.math.BigDecimal;

/** What client-info knows about a user that the page may show: the name and the KBM (bonus-malus factor). */
public record ClientInfo(String fullName, BigDecimal kbm) {
}
