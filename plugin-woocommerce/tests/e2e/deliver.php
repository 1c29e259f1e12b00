<?php

/**
 * End-to-end delivery driver: delivers one WooCommerce order (a WC REST v3 order JSON file) to a real
 * sidecar exactly as the plugin does in production: the same outbox state, envelope, JSON encoding,
 * signing and outcome rules (Deliverer + SidecarClient + Signer). Only the HTTP transport is ext-curl
 * instead of the WordPress HTTP API (same 3 s connect / 10 s total timeouts, no redirects), and the
 * WordPress functions are the unit tests' stand-ins.
 *
 * Usage:
 *   php tests/e2e/deliver.php --url SIDECAR_URL --shop ID --secret SECRET --order-file FILE.json
 *                             [--event-id ID] [--type order.updated]
 *
 * Prints one JSON line: {"status": <http status, 0 if none>, "body": <decoded body>, "outcome":
 * "delivered|retry|dead"} and exits 0; exits 2 with a message on stderr for bad arguments or input.
 */

require_once dirname(__DIR__) . '/stubs/bootstrap.php';

use ExactSidecar\Config;
use ExactSidecar\Delivery\Deliverer;
use ExactSidecar\Delivery\DeliveryResult;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\StaticPayloadSource;
use ExactSidecar\Http\CurlTransport;
use ExactSidecar\Http\SidecarClient;

function exact_sidecar_e2e_fail(string $message): void
{
    fwrite(STDERR, 'deliver.php: ' . $message . "\n");
    exit(2);
}

$options = getopt('', ['url:', 'shop:', 'secret:', 'order-file:', 'event-id:', 'type:', 'help']);
if ($options === false || isset($options['help'])) {
    exact_sidecar_e2e_fail('usage: --url URL --shop ID --secret SECRET --order-file FILE [--event-id ID] [--type T]');
}
foreach (['url', 'shop', 'secret', 'order-file'] as $required) {
    if (!isset($options[$required]) || !is_string($options[$required]) || $options[$required] === '') {
        exact_sidecar_e2e_fail('missing --' . $required);
    }
}
$type = isset($options['type']) ? (string) $options['type'] : Events::ORDER_UPDATED;
if (!Events::isKnown($type)) {
    exact_sidecar_e2e_fail('unknown --type "' . $type . '"; one of ' . implode(', ', Events::TYPES));
}
$problem = Config::urlProblem((string) $options['url']);
if ($problem !== null) {
    exact_sidecar_e2e_fail('--url: ' . $problem);
}
$raw = @file_get_contents((string) $options['order-file']);
if ($raw === false) {
    exact_sidecar_e2e_fail('cannot read ' . $options['order-file']);
}
// Objects stay objects ({} is not turned into []), so the data goes out as it came in.
$order = json_decode($raw, false);
if (json_last_error() !== JSON_ERROR_NONE || !is_object($order)) {
    exact_sidecar_e2e_fail($options['order-file'] . ' is not a JSON object: ' . json_last_error_msg());
}
if (!isset($order->id) || !is_scalar($order->id) || (string) $order->id === '') {
    exact_sidecar_e2e_fail($options['order-file'] . ' has no "id"');
}
$entityId = (string) $order->id;

$config = new Config((string) $options['url'], (string) $options['shop'], (string) $options['secret']);
$store = new OptionStateStore();
$outbox = new Outbox($store);
// What the hook does at event time: one outbox entry with a fresh event id...
$outbox->enqueue($type, $entityId, 0);
if (isset($options['event-id'])) {
    // ...or a given one, as when an attempt is retried.
    $eventId = (string) $options['event-id'];
    if ($eventId === '' || strlen($eventId) > 100) {
        exact_sidecar_e2e_fail('--event-id must be 1 to 100 characters');
    }
    $state = $store->get($type, $entityId);
    $state['event_id'] = $eventId;
    $store->put($type, $entityId, $state);
}

$deliverer = new Deliverer(
    new SidecarClient($config, new CurlTransport()),
    new StaticPayloadSource($order),
    $store,
    $outbox
);
$result = $deliverer->deliver($type, $entityId);

$outcome = $result->outcome === DeliveryResult::SKIPPED ? DeliveryResult::DEAD : $result->outcome;
echo json_encode(
    ['status' => $result->status, 'body' => $result->body, 'outcome' => $outcome, 'event_id' => $result->eventId],
    JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
) . "\n";
exit(0);
