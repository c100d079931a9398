// shared/src/form/messages.cpp — every error id of the form validators with its English and
// Spanish message. Each message says what was wrong and how to fix it. Ids are stable (tests and
// docs rely on them); wording may change. "{name}" placeholders are filled per failure.
#include <string>
#include <string_view>
#include <vector>

#include "internal.hpp"

namespace seam::form {
namespace {

struct Entry {
    const char* id;
    const char* en;
    const char* es;
};

constexpr Entry kMessages[] = {
    {"seam.form.input.encoding",
     "That text contains characters we can't read — please type your answer again.",
     "Ese texto contiene caracteres que no podemos leer: escribe tu respuesta de nuevo."},
    {"seam.form.input.empty", "We didn't get an answer — please type it in.",
     "No hemos recibido ninguna respuesta: escríbela, por favor."},
    {"seam.form.input.too_long",
     "That answer is far too long for this question — please send just the value we asked for.",
     "Esa respuesta es demasiado larga para esta pregunta: envía solo el dato que te pedimos."},
    {"seam.form.card_number",
     "For your security, please never send card numbers in chat — we've discarded that message. "
     "Answer again without the card number.",
     "Por tu seguridad, nunca envíes números de tarjeta por el chat: hemos descartado ese "
     "mensaje. Responde de nuevo sin el número de tarjeta."},
    {"seam.form.type.unknown",
     "We can't check this field (unknown type \"{type}\") — please contact support.",
     "No podemos comprobar este campo (tipo desconocido \"{type}\"): contacta con soporte."},

    {"seam.form.email.invalid",
     "That doesn't look like an email address — it should look like name@example.com.",
     "Eso no parece una dirección de correo: debería ser como nombre@ejemplo.com."},
    {"seam.form.email.spaces",
     "An email address can't contain spaces — please type it without them, like "
     "name@example.com.",
     "Una dirección de correo no puede tener espacios: escríbela sin ellos, como "
     "nombre@ejemplo.com."},
    {"seam.form.email.missing_at",
     "That email address is missing an @ — it should look like name@example.com.",
     "A esa dirección de correo le falta la @: debería ser como nombre@ejemplo.com."},
    {"seam.form.email.multiple_at",
     "That email address has more than one @ — please send just one address, like "
     "name@example.com.",
     "Esa dirección de correo tiene más de una @: envía una sola dirección, como "
     "nombre@ejemplo.com."},
    {"seam.form.email.non_ascii",
     "That email address contains accented or special letters we can't use — please type it "
     "with plain letters, like name@example.com.",
     "Esa dirección de correo tiene letras acentuadas o especiales que no podemos usar: "
     "escríbela con letras simples, como nombre@ejemplo.com."},
    {"seam.form.email.missing_name",
     "That email address has nothing before the @ — add your name part, like name@example.com.",
     "Esa dirección de correo no tiene nada antes de la @: añade tu nombre, como "
     "nombre@ejemplo.com."},
    {"seam.form.email.missing_domain",
     "That email address has nothing after the @ — add your provider, like name@example.com.",
     "Esa dirección de correo no tiene nada después de la @: añade tu proveedor, como "
     "nombre@ejemplo.com."},
    {"seam.form.email.invalid_name",
     "The part before the @ has characters or dots an email address can't have — please check "
     "it.",
     "La parte antes de la @ tiene caracteres o puntos que un correo no puede tener: revísala."},
    {"seam.form.email.missing_tld",
     "The part after the @ is missing its ending, like .com or .es — please check it.",
     "A la parte después de la @ le falta la terminación, como .com o .es: revísala."},
    {"seam.form.email.invalid_domain",
     "The part after the @ isn't a valid domain (check for commas, spaces or double dots) — it "
     "should look like example.com.",
     "La parte después de la @ no es un dominio válido (revisa comas, espacios o puntos dobles): "
     "debería ser como ejemplo.com."},

    {"seam.form.phone.invalid",
     "That doesn't look like a phone number — please use only digits, spaces and an optional +, "
     "like {example}.",
     "Eso no parece un número de teléfono: usa solo cifras, espacios y un + opcional, como "
     "{example}."},
    {"seam.form.phone.too_short",
     "That phone number is too short — please include the area code, like {example}.",
     "Ese número de teléfono es demasiado corto: incluye el prefijo de zona, como {example}."},
    {"seam.form.phone.too_long",
     "That phone number has too many digits — please check it and send just one number, like "
     "{example}.",
     "Ese número de teléfono tiene demasiadas cifras: revísalo y envía un solo número, como "
     "{example}."},
    {"seam.form.phone.invalid_number",
     "That can't be a phone number in that country — please check the first digits (for "
     "example {example}).",
     "Ese no puede ser un número de teléfono de ese país: revisa las primeras cifras (por "
     "ejemplo {example})."},
    {"seam.form.phone.unknown_country",
     "We don't recognise that country code — please check the digits after the + (for example "
     "+1, +44, +34).",
     "No reconocemos ese prefijo de país: revisa las cifras después del + (por ejemplo +1, +44, "
     "+34)."},
    {"seam.form.phone.needs_country_code",
     "Please include the country code, starting with + (for example +44 20 7946 0958).",
     "Incluye el prefijo del país, empezando por + (por ejemplo +34 612 345 678)."},

    {"seam.form.date.invalid",
     "We couldn't read that as a date — try something like {example}, \"March 12\" or "
     "\"tomorrow\".",
     "No hemos podido entender esa fecha: prueba algo como {example}, \"12 de marzo\" o "
     "\"mañana\"."},
    {"seam.form.date.no_such_day",
     "That date doesn't exist (month {month} has no day {day}) — please check the day and the "
     "month.",
     "Esa fecha no existe (el mes {month} no tiene día {day}): revisa el día y el mes."},
    {"seam.form.date.out_of_range",
     "That year looks wrong — please give a date with a four-digit year, like {example}.",
     "Ese año no parece correcto: indica una fecha con el año de cuatro cifras, como {example}."},

    {"seam.form.money.invalid",
     "We couldn't read that as an amount — please write one amount, like $12.50 or 12,50 €.",
     "No hemos podido entender esa cantidad: escribe un solo importe, como 12,50 € o $12.50."},
    {"seam.form.money.missing_amount",
     "We couldn't find an amount in that — please include the number, like 40 USD.",
     "No encontramos ninguna cantidad: incluye el número, como 40 €."},
    {"seam.form.money.invalid_amount",
     "That amount's separators don't add up — write it like 1,043.75 or 1.043,75.",
     "Los separadores de esa cantidad no cuadran: escríbela como 1.043,75 o 1,043.75."},
    {"seam.form.money.too_many_decimals",
     "That amount has more than two decimals — please round it to cents, like 12.50.",
     "Esa cantidad tiene más de dos decimales: redondéala a céntimos, como 12,50."},
    {"seam.form.money.negative",
     "The amount can't be negative — please give it without a minus sign.",
     "La cantidad no puede ser negativa: escríbela sin el signo menos."},
    {"seam.form.money.zero", "The amount must be more than zero — please check it.",
     "La cantidad debe ser mayor que cero: revísala."},
    {"seam.form.money.too_large", "That amount is too large — please check the number of digits.",
     "Esa cantidad es demasiado grande: revisa el número de cifras."},
    {"seam.form.money.currency_conflict",
     "That amount names two different currencies — please give just one, like 40 EUR.",
     "Esa cantidad menciona dos monedas distintas: indica solo una, como 40 EUR."},

    {"seam.form.order_number.invalid",
     "That doesn't look like an order number — it should look like {example}.",
     "Eso no parece un número de pedido: debería ser como {example}."},
    {"seam.form.order_number.wrong_length",
     "An order number has {digits} digits after {prefix}- — please check it, like {example}.",
     "Un número de pedido tiene {digits} cifras después de {prefix}-: revísalo, como {example}."},
    {"seam.form.order_number.wrong_prefix",
     "Our order numbers start with {prefix}- — please check it, like {example}.",
     "Nuestros números de pedido empiezan por {prefix}-: revísalo, como {example}."},
    {"seam.form.order_number.looks_like_invoice",
     "That looks like an invoice number; we need the order number, like {example} (it's in your "
     "confirmation email).",
     "Eso parece un número de factura; necesitamos el número de pedido, como {example} (está en "
     "tu correo de confirmación)."},

    {"seam.form.invoice_number.invalid",
     "That doesn't look like an invoice number — it should look like {example}.",
     "Eso no parece un número de factura: debería ser como {example}."},
    {"seam.form.invoice_number.missing_year",
     "That invoice number is missing its year — it should look like {example}.",
     "A ese número de factura le falta el año: debería ser como {example}."},
    {"seam.form.invoice_number.bad_year",
     "The year in that invoice number looks wrong — please check it, like {example}.",
     "El año de ese número de factura no parece correcto: revísalo, como {example}."},
    {"seam.form.invoice_number.looks_like_order",
     "That looks like an order number; we need the invoice number, like {example}.",
     "Eso parece un número de pedido; necesitamos el número de factura, como {example}."},

    {"seam.form.postal_code.invalid_us",
     "That isn't a US ZIP code — it has 5 digits, like 97205 or 97205-1234.",
     "Eso no es un código postal de EE. UU.: tiene 5 cifras, como 97205 o 97205-1234."},
    {"seam.form.postal_code.invalid_gb",
     "That isn't a UK postcode — it should look like SW1A 1AA or M1 1AE.",
     "Eso no es un código postal del Reino Unido: debería ser como SW1A 1AA o M1 1AE."},
    {"seam.form.postal_code.invalid_de",
     "That isn't a German postcode — it has 5 digits, like 10115.",
     "Eso no es un código postal alemán: tiene 5 cifras, como 10115."},
    {"seam.form.postal_code.invalid_fr",
     "That isn't a French postcode — it has 5 digits, like 75001.",
     "Eso no es un código postal francés: tiene 5 cifras, como 75001."},
    {"seam.form.postal_code.invalid_es",
     "That isn't a Spanish postcode — it has 5 digits, like 28013.",
     "Eso no es un código postal español: tiene 5 cifras, como 28013."},
    {"seam.form.postal_code.unknown_province",
     "A Spanish postcode starts with a province number from 01 to 52 — please check the first "
     "two digits.",
     "Un código postal español empieza por el número de provincia, del 01 al 52: revisa las dos "
     "primeras cifras."},
    {"seam.form.postal_code.invalid_pt",
     "That isn't a Portuguese postcode — it looks like 1100-148.",
     "Eso no es un código postal portugués: tiene la forma 1100-148."},
    {"seam.form.postal_code.invalid_ca",
     "That isn't a Canadian postal code — it looks like K1A 0B1 (letter, digit, letter, digit, "
     "letter, digit).",
     "Eso no es un código postal canadiense: tiene la forma K1A 0B1 (letra, cifra, letra, cifra, "
     "letra, cifra)."},
    {"seam.form.postal_code.unsupported_region",
     "We can't check postcodes for region \"{region}\" yet — please contact support.",
     "Aún no podemos comprobar códigos postales de la región \"{region}\": contacta con "
     "soporte."},

    {"seam.form.enum.no_match", "That isn't one of the options — please choose one of: {options}.",
     "Esa no es una de las opciones: elige una de estas: {options}."},
    {"seam.form.enum.ambiguous",
     "That matches more than one option — please say which one: {options}.",
     "Eso coincide con más de una opción: di cuál de ellas: {options}."},
    {"seam.form.enum.no_options",
     "This question has no options to choose from — please contact support.",
     "Esta pregunta no tiene opciones para elegir: contacta con soporte."},

    {"seam.form.yes_no.unclear", "Sorry, was that a yes or a no? Please answer yes or no.",
     "Perdona, ¿eso es un sí o un no? Responde sí o no, por favor."},

    {"seam.form.number.invalid", "Please answer with a number, like 3.",
     "Responde con un número, como 3."},
    {"seam.form.number.not_whole", "Please give a whole number, without decimals, like 3.",
     "Indica un número entero, sin decimales, como 3."},
    {"seam.form.number.too_large", "That number is too large — please check it.",
     "Ese número es demasiado grande: revísalo."},

    {"seam.form.rating.invalid", "Please rate from 1 to 5, where 5 is best — just send the number.",
     "Puntúa del 1 al 5, donde 5 es lo mejor: envía solo el número."},
    {"seam.form.rating.out_of_range",
     "The rating goes from 1 to 5 — please pick a number in that range.",
     "La puntuación va del 1 al 5: elige un número dentro de ese rango."},
    {"seam.form.rating.not_whole", "Please rate with a whole number from 1 to 5, without halves.",
     "Puntúa con un número entero del 1 al 5, sin medios puntos."},

    {"seam.form.text.too_short",
     "That's a bit short — please write at least {min} characters so we can help.",
     "Es un poco corto: escribe al menos {min} caracteres para que podamos ayudarte."},
    {"seam.form.text.too_long",
     "That's too long ({length} characters) — please shorten it to at most {max}.",
     "Es demasiado largo ({length} caracteres): acórtalo a {max} como máximo."},
};

}  // namespace

std::vector<std::string> FormErrorIds() {
    std::vector<std::string> ids;
    for (const Entry& e : kMessages)
        ids.emplace_back(e.id);
    return ids;
}

std::string ErrorMessage(std::string_view error_id, std::string_view locale) {
    for (const Entry& e : kMessages) {
        if (error_id == e.id) return detail::IsSpanish(locale) ? e.es : e.en;
    }
    return "";
}

namespace detail {

std::string Message(std::string_view error_id, std::string_view locale, const Params& params) {
    const char* text = nullptr;
    for (const Entry& e : kMessages) {
        if (error_id == e.id) text = IsSpanish(locale) ? e.es : e.en;
    }
    // Cannot happen for ids used in this module (a test checks every one); stay readable anyway.
    if (text == nullptr) return "[" + std::string(error_id) + "]";
    std::string out;
    for (const char* p = text; *p != '\0'; ++p) {
        if (*p == '{') {
            const char* close = p + 1;
            while (*close != '\0' && *close != '}')
                ++close;
            if (*close == '}') {
                const std::string name(p + 1, static_cast<std::size_t>(close - p - 1));
                bool replaced = false;
                for (const auto& [key, value] : params) {
                    if (key == name) {
                        out += value;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    p = close;
                    continue;
                }
            }
        }
        out.push_back(*p);
    }
    return out;
}

}  // namespace detail
}  // namespace seam::form
