package ru.osago.stubs;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client-info service core-app calls: {@code GET /clients/{userId}} → the user's name, phone and KBM
 * (bonus-malus coefficient). Any user id is known; the data is derived from it, so it is stable.
 */
final class ClientInfoHandler implements DialectHandler {

    private static final Pattern CLIENT_PATH = Pattern.compile("^/clients/([^/]+)$");
    private static final List<String> NAMES = List.of(
            "Иванов Иван Иванович", "Петрова Анна Сергеевна", "Смирнов Алексей Петрович",
            "Кузнецова Мария Андреевна", "Соколов Дмитрий Олегович", "Попова Елена Викторовна");

    record ClientInfo(String userId, String fullName, String phone, double kbm) {
    }

    private final long delayMinMs;
    private final long delayMaxMs;
    private final Random random;

    ClientInfoHandler(StubConfig config) {
        this.delayMinMs = config.delayMinMs();
        this.delayMaxMs = config.delayMaxMs();
        this.random = new Random(config.seed());
    }

    @Override
    public StubResponse handle(StubRequest request) {
        Matcher client = CLIENT_PATH.matcher(request.path());
        if (!request.method().equals("GET") || !client.matches()) {
            return StubResponse.error(404, "no such endpoint: " + request.method() + " " + request.path());
        }
        String userId = client.group(1);
        Random perUser = new Random(userId.hashCode());
        String phone = String.format("+7 9%02d %03d-%02d-%02d", perUser.nextInt(100), perUser.nextInt(1000),
                perUser.nextInt(100), perUser.nextInt(100));
        ClientInfo info = new ClientInfo(userId, NAMES.get(perUser.nextInt(NAMES.size())), phone, 1.0);
        return StubResponse.json(200, info).delayedBy(delay());
    }

    private long delay() {
        return delayMaxMs > delayMinMs ? delayMinMs + (long) (random.nextDouble() * (delayMaxMs - delayMinMs + 1))
                : delayMinMs;
    }
}
