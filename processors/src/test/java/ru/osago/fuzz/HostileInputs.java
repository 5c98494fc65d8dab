package ru.osago.fuzz;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import ru.osago.model.OsagoJson;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generated and mutated quote requests for the fuzz tests of core-app's REST validation and the aggregator's
 * intake: valid requests close to every limit, the same with one to three fields changed to something hostile
 * (long, empty, control characters, unpaired surrogates, wrong types, absurd numbers and dates, deep
 * nesting), and bodies that are not a request at all (empty, binary, invalid UTF-8, huge, truncated).
 * Seeded, so a failure names the seed and case that reproduce it.
 */
public final class HostileInputs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    private static final String PLATE_LETTERS = "АВЕКМНОРСТУХABEKMHOPCTYXaekmhopctyxавекмнорстух";
    private static final List<String> NAMES = List.of("Иванов", "Петрова-Водкина", "Ли", "O'Brien", "Хаджи Мурат",
            "Смит 🚗", "Ёлкин", "D'Artagnan", "Мария-Луиза", "ʻOkina", "Zoë", "李");
    private static final List<String> CATEGORIES = List.of("A", "B", "C", "D", "BE", "CE", "DE", "TM", "TB", "b", " be ");

    /** Every field a mutation may hit, in JSON path form. */
    public static final List<String> FIELDS = List.of("requestId", "userId", "vehicle", "vehicle.vin", "vehicle.plate",
            "vehicle.make", "vehicle.model", "vehicle.year", "vehicle.powerHp", "vehicle.category", "owner",
            "owner.lastName", "owner.firstName", "owner.middleName", "owner.birthDate", "unlimitedDrivers", "drivers",
            "drivers[0]", "drivers[0].lastName", "drivers[0].firstName", "drivers[0].middleName", "drivers[0].birthDate",
            "drivers[0].licenceNumber", "drivers[0].licenceIssued", "policyStart", "unknownField");

    private final Random random;
    private final LocalDate today;

    public HostileInputs(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    /** A request body: mostly a valid or mutated request, sometimes not a request at all. */
    public byte[] body() {
        int kind = random.nextInt(100);
        if (kind < 20) {
            return bytes(validTree());
        }
        if (kind < 85) {
            return bytes(mutatedTree());
        }
        return rawBody();
    }

    public ObjectNode validTree() {
        ObjectNode request = NODES.objectNode();
        request.put("requestId", "req-" + Long.toHexString(random.nextLong()));
        request.put("userId", "user-" + random.nextInt(1000));
        ObjectNode vehicle = request.putObject("vehicle");
        vehicle.put("vin", vin());
        vehicle.put("plate", plate());
        vehicle.put("make", text(1, 40));
        vehicle.put("model", text(1, 40));
        vehicle.put("year", 1950 + random.nextInt(today.getYear() + 2 - 1950));
        vehicle.put("powerHp", 1 + random.nextInt(2000));
        if (random.nextBoolean()) {
            vehicle.put("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())));
        }
        LocalDate ownerBorn = birthDate();
        request.set("owner", person(ownerBorn));
        boolean unlimited = random.nextInt(4) == 0;
        request.put("unlimitedDrivers", unlimited);
        ArrayNode drivers = request.putArray("drivers");
        if (!unlimited) {
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                LocalDate born = birthDate();
                ObjectNode driver = person(born);
                driver.put("licenceNumber", licence());
                LocalDate earliest = born.plusYears(16);
                driver.put("licenceIssued", between(earliest, today).toString());
                drivers.add(driver);
            }
        }
        request.put("policyStart", today.plusDays(random.nextInt(91)).toString());
        return request;
    }

    /** A valid request with one to three fields changed, removed or added. */
    public ObjectNode mutatedTree() {
        ObjectNode request = validTree();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            set(request, FIELDS.get(random.nextInt(FIELDS.size())));
        }
        return request;
    }

    private void set(ObjectNode request, String path) {
        String[] steps = path.replace("[0]", ".0").split("\\.");
        JsonNode parent = request;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = steps[i].equals("0") ? parent.path(0) : parent.path(steps[i]);
        }
        String last = steps[steps.length - 1];
        JsonNode value = hostileValue(last);
        if (parent instanceof ObjectNode object) {
            if (value == null) {
                object.remove(last);
            } else {
                object.set(last, value);
            }
        } else if (parent instanceof ArrayNode array && last.equals("0") && !array.isEmpty()) {
            array.set(0, value == null ? NODES.nullNode() : value);
        }
    }

    /** Null means: remove the field. */
    private JsonNode hostileValue(String field) {
        List<Supplier<JsonNode>> values = List.of(
                () -> null,
                NODES::nullNode,
                () -> NODES.textNode(""),
                () -> NODES.textNode("   "),
                () -> NODES.textNode(longText(1 + random.nextInt(100_000))),
                () -> NODES.textNode(text(55, 70)),
                () -> NODES.textNode("Иван\u0000ов"),
                () -> NODES.textNode("Ива\u0007н"),
                () -> NODES.textNode("\uD800broken"),
                () -> NODES.textNode("broken\uDC00"),
                () -> NODES.textNode("\u202Eвонави\u200B"),
                () -> NODES.textNode("'; drop table quote_request; --"),
                () -> NODES.textNode("<script>alert(1)</script>"),
                () -> NODES.textNode("\"}]}\\"),
                () -> NODES.textNode(vin()),
                () -> NODES.textNode(vin().substring(1)),
                () -> NODES.textNode(vin().replace('A', 'O')),
                () -> NODES.textNode(plate()),
                () -> NODES.textNode(" " + plate().toLowerCase() + " "),
                () -> NODES.textNode("А000ВС77"),
                () -> NODES.textNode(licence()),
                () -> NODES.textNode("７７１２３４５６７８"),
                () -> NODES.textNode("1".repeat(10) + "\n"),
                () -> NODES.textNode(today.minusYears(18).toString()),
                () -> NODES.textNode(today.minusYears(18).plusDays(1).toString()),
                () -> NODES.textNode(today.minusYears(120).minusDays(1).toString()),
                () -> NODES.textNode(today.plusDays(90).toString()),
                () -> NODES.textNode(today.plusDays(91).toString()),
                () -> NODES.textNode(today.minusDays(1).toString()),
                () -> NODES.textNode("2026-02-31"),
                () -> NODES.textNode("+999999999-12-31"),
                () -> NODES.textNode("-999999999-01-01"),
                () -> NODES.textNode("12.04.1985"),
                () -> NODES.numberNode(0),
                () -> NODES.numberNode(-1),
                () -> NODES.numberNode(1949),
                () -> NODES.numberNode(today.getYear() + 2),
                () -> NODES.numberNode(2001),
                () -> NODES.numberNode(2000),
                () -> NODES.numberNode(Integer.MAX_VALUE + 1L),
                () -> NODES.numberNode(2019.5),
                () -> NODES.numberNode(Double.MAX_VALUE),
                () -> NODES.rawValueNode(new RawValue("1e999999999")),
                () -> NODES.rawValueNode(new RawValue("9".repeat(65))),
                () -> NODES.rawValueNode(new RawValue("-0.0000000000000000000001")),
                () -> NODES.booleanNode(true),
                () -> NODES.booleanNode(false),
                NODES::arrayNode,
                () -> NODES.arrayNode().add(1).add("two").addNull(),
                NODES::objectNode,
                () -> nested(1 + random.nextInt(40)),
                this::manyDrivers);
        return values.get(random.nextInt(values.size())).get();
    }

    private JsonNode manyDrivers() {
        ArrayNode drivers = NODES.arrayNode();
        int count = 6 + random.nextInt(2000);
        for (int i = 0; i < count; i++) {
            drivers.add(NODES.objectNode());
        }
        return drivers;
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** Something that is not a request: empty, binary, invalid UTF-8, huge, nested deep, truncated, another JSON type. */
    public byte[] rawBody() {
        String valid = new String(bytes(validTree()), StandardCharsets.UTF_8);
        List<Supplier<byte[]>> bodies = List.of(
                () -> new byte[0],
                () -> utf8("   \n\t"),
                () -> randomBytes(1 + random.nextInt(5000)),
                () -> {
                    byte[] text = bytes(validTree());
                    text[random.nextInt(text.length)] = (byte) 0xC3;
                    text[random.nextInt(text.length)] = (byte) 0xFF;
                    return text;
                },
                () -> utf8("\uFEFF" + valid),
                () -> utf8(valid.substring(0, random.nextInt(valid.length()))),
                () -> utf8(valid + " trailing"),
                () -> utf8(valid + "}"),
                () -> utf8("null"),
                () -> utf8("[]"),
                () -> utf8("\"" + valid.replace("\"", "\\\"") + "\""),
                () -> utf8("42"),
                () -> utf8("1e999999999"),
                () -> utf8("[".repeat(1 + random.nextInt(100_000))),
                () -> utf8("{\"a\":".repeat(1 + random.nextInt(20_000)) + "1" + "}".repeat(10)),
                () -> utf8("[".repeat(33) + "]".repeat(33)),
                () -> utf8(valid.substring(0, valid.length() - 1) + ",\"padding\":\"" + "x".repeat(65_536) + "\"}"),
                () -> utf8(valid.substring(0, valid.length() - 1) + ",\"padding\":\"" + "x".repeat(60_000) + "\"}"),
                () -> utf8(valid.replace("\"vehicle\"", "\"vehicle\":null,\"vehicle\"")),
                () -> utf8("{'requestId': 'single-quotes'}"),
                () -> utf8("{\"requestId\": NaN}"),
                () -> utf8("/* comment */" + valid),
                () -> utf8(valid.replace(":", ": \u0000")),
                () -> utf8("{\"requestId\":\"" + "x".repeat(200) + "\"}"),
                () -> utf8("{\"requestId\":\"ok-id\",\"drivers\":" + "[".repeat(40) + "]".repeat(40) + "}"));
        return bodies.get(random.nextInt(bodies.size())).get();
    }

    private ObjectNode person(LocalDate born) {
        ObjectNode person = NODES.objectNode();
        person.put("lastName", name());
        person.put("firstName", name());
        if (random.nextBoolean()) {
            person.put("middleName", name());
        }
        person.put("birthDate", born.toString());
        return person;
    }

    private LocalDate birthDate() {
        return between(today.minusYears(119), today.minusYears(18));
    }

    private LocalDate between(LocalDate from, LocalDate to) {
        long days = to.toEpochDay() - from.toEpochDay();
        return days <= 0 ? from : from.plusDays((long) (random.nextDouble() * (days + 1)));
    }

    private String name() {
        return random.nextInt(4) == 0 ? text(1, 60) : NAMES.get(random.nextInt(NAMES.size()));
    }

    /** Printable text of a length in [min, max], Cyrillic, Latin, digits, spaces and an emoji now and then. */
    private String text(int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int pick = random.nextInt(20);
            if (pick == 0 && out.length() + 2 <= length) {
                out.append("🚗");
            } else if (pick < 8) {
                out.append((char) ('а' + random.nextInt(32)));
            } else if (pick < 16) {
                out.append((char) ('A' + random.nextInt(26)));
            } else if (pick < 18) {
                out.append((char) ('0' + random.nextInt(10)));
            } else {
                out.append(out.isEmpty() ? 'Я' : ' ');
            }
        }
        return out.toString();
    }

    private String longText(int length) {
        return switch (random.nextInt(4)) {
            case 0 -> "A".repeat(length);
            case 1 -> "Я".repeat(length);
            case 2 -> "7".repeat(length);
            default -> "\\\"".repeat(Math.max(1, length / 2));
        };
    }

    private String vin() {
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 17; i++) {
            out.append(VIN_CHARS.charAt(random.nextInt(VIN_CHARS.length())));
        }
        return random.nextInt(5) == 0 ? " " + out.toString().toLowerCase() + " " : out.toString();
    }

    private String plate() {
        char[] letters = new char[3];
        for (int i = 0; i < 3; i++) {
            letters[i] = PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length()));
        }
        int number = 1 + random.nextInt(999);
        int region = random.nextBoolean() ? 10 + random.nextInt(90) : 100 + random.nextInt(900);
        String space = random.nextInt(3) == 0 ? " " : "";
        return letters[0] + space + String.format("%03d", number) + space + letters[1] + letters[2] + space + region;
    }

    private String licence() {
        String digits = String.format("%010d", Math.floorMod(random.nextLong(), 10_000_000_000L));
        return random.nextBoolean() ? digits : digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (Exception e) {
            // a tree holding an unpaired surrogate: Jackson's UTF-8 writer refuses it; escaped as \\uD800 it goes
            try {
                return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature()).writeValueAsBytes(tree);
            } catch (Exception again) {
                throw new IllegalStateException(again);
            }
        }
    }
}
