<?php

/**
 * A tiny stand-in for the sidecar's POST /api/v1/events, for `php -S` (router script), used by
 * E2eScriptTest to drive tests/e2e/deliver.php over real HTTP. It verifies the signature the way the
 * contract says (constant-time, 300 s window) and remembers event ids in FAKE_SIDECAR_STATE.
 *
 * Environment: FAKE_SIDECAR_SHOP, FAKE_SIDECAR_SECRET, FAKE_SIDECAR_STATE (a file), FAKE_SIDECAR_FORCE
 * (optional status to answer with, e.g. 503).
 */

function fake_sidecar_answer(int $status, array $body, array $headers = []): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    foreach ($headers as $name => $value) {
        header($name . ': ' . $value);
    }
    echo json_encode($body);
}

function fake_sidecar_error(int $status, string $code, string $message): void
{
    fake_sidecar_answer($status, ['error' => ['code' => $code, 'message' => $message]]);
}

$method = $_SERVER['REQUEST_METHOD'];
$path = $_SERVER['REQUEST_URI'];
$body = (string) file_get_contents('php://input');
$shop = $_SERVER['HTTP_X_SIDECAR_SHOP'] ?? '';
$timestamp = $_SERVER['HTTP_X_SIDECAR_TIMESTAMP'] ?? '';
$signature = $_SERVER['HTTP_X_SIDECAR_SIGNATURE'] ?? '';

if ($shop !== getenv('FAKE_SIDECAR_SHOP')) {
    fake_sidecar_error(401, 'unknown_shop', 'Unknown shop.');
    return true;
}
if (!ctype_digit($timestamp) || abs(time() - (int) $timestamp) > 300) {
    fake_sidecar_error(401, 'stale_timestamp', 'The timestamp is too far from the server clock.');
    return true;
}
$message = $timestamp . "\n" . $method . "\n" . $path . "\n" . $body;
$expected = 'v1=' . hash_hmac('sha256', $message, (string) getenv('FAKE_SIDECAR_SECRET'));
if (!hash_equals($expected, $signature)) {
    fake_sidecar_error(401, 'bad_signature', 'The request signature is not valid.');
    return true;
}
$force = getenv('FAKE_SIDECAR_FORCE');
if ($force !== false && $force !== '') {
    $error = ['error' => ['code' => 'forced', 'message' => 'Forced answer.']];
    fake_sidecar_answer((int) $force, $error, ['Retry-After' => '30']);
    return true;
}
if ($method !== 'POST' || $path !== '/api/v1/events') {
    fake_sidecar_error(404, 'not_found', 'No such route.');
    return true;
}
if (($_SERVER['CONTENT_TYPE'] ?? '') !== 'application/json') {
    fake_sidecar_error(415, 'not_json', 'Send application/json.');
    return true;
}
$event = json_decode($body, true);
$complete = is_array($event) && isset($event['id'], $event['type'], $event['occurred_at'], $event['entity_id']);
if (!$complete || !array_key_exists('data', $event)) {
    fake_sidecar_answer(400, ['error' => ['code' => 'invalid_event', 'message' => 'The event is not valid.',
        'fields' => ['data' => ['is required']]]]);
    return true;
}
if ($event['type'] !== 'order.deleted' && (!is_array($event['data']) || !isset($event['data']['total']))) {
    fake_sidecar_answer(400, ['error' => ['code' => 'invalid_event', 'message' => 'data.total is required.',
        'fields' => ['data.total' => ['is required']]]]);
    return true;
}
$stateFile = (string) getenv('FAKE_SIDECAR_STATE');
$seen = is_file($stateFile) ? (array) json_decode((string) file_get_contents($stateFile), true) : [];
if (isset($seen[$event['id']])) {
    fake_sidecar_answer(200, ['status' => 'duplicate', 'event_id' => $event['id']]);
    return true;
}
$seen[$event['id']] = $event;
file_put_contents($stateFile, json_encode($seen));
fake_sidecar_answer(202, ['status' => 'accepted', 'event_id' => $event['id']]);
return true;
