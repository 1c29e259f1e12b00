<?php

/**
 * End-to-end helper for the sidecar's test suite: delivers one Magento order (a GET /V1/orders/{id} JSON file)
 * through the module's real recorder, observer, outbox drain, payload builder, signing and cURL transport,
 * with the unit tests' Magento stand-ins and an in-memory outbox.
 *
 * php Test/e2e/deliver.php --url SIDECAR_URL --shop ID --secret SECRET --order-file FILE.json [--count N]
 *                          [--id-suffix TEXT] [--creditmemos-file FILE.json]
 *
 * Event ids are deterministic: the first is "order:<entity_id>:created" (as the observer writes for a new
 * order), the others "order:<entity_id>:e2e:<i>"; --id-suffix appends ":<TEXT>" to every id, so a second run
 * without it shows "duplicate" results.
 * --creditmemos-file (a GET /V1/creditmemos result, {"items": [...]}, for this order) stores the memos in the
 * credit memo repository stand-in and saves each through the real CreditmemoSaveObserver after the order's
 * events: one order.refunded per memo ("order:<entity_id>:creditmemo:<memo id>:<state>"), whose data the
 * module's payload builder completes with the order's refunded memos (`creditmemos`). Prints one JSON line:
 * {"status": <http status|null>, "body": <decoded body>, "delivered": N, "dead": N, "retry": N}
 * Exit code: 0 when the last answer was 2xx, 1 when it was not (or none came), 2 for bad arguments.
 */

declare(strict_types=1);

use ExactSidecar\Connector\Model\ChangeDetector;
use ExactSidecar\Connector\Model\Clock\SystemClock;
use ExactSidecar\Connector\Model\Http\CurlTransport;
use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\PushbackGuard;
use ExactSidecar\Connector\Observer\CreditmemoSaveObserver;
use ExactSidecar\Connector\Observer\OrderSaveObserver;
use ExactSidecar\Connector\Test\Support\FakeCreditmemo;
use ExactSidecar\Connector\Test\Support\FakeOrder;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;

require dirname(__DIR__) . '/autoload.php';

$fail = static function (string $message): void {
    fwrite(STDERR, 'deliver.php: ' . $message . "\n");
    exit(2);
};

$options = getopt('', ['url:', 'shop:', 'secret:', 'order-file:', 'count:', 'id-suffix:', 'creditmemos-file:']);
foreach (['url', 'shop', 'secret', 'order-file'] as $required) {
    if (!isset($options[$required]) || !is_string($options[$required]) || $options[$required] === '') {
        $fail('--' . $required . ' is required (once). Usage: --url URL --shop ID --secret SECRET '
            . '--order-file FILE.json [--count N] [--id-suffix TEXT]');
    }
}
$count = $options['count'] ?? '1';
if (!is_string($count) || !ctype_digit($count) || (int) $count < 1 || (int) $count > 10000) {
    $fail('--count must be a whole number from 1 to 10000.');
}
$count = (int) $count;
$suffix = $options['id-suffix'] ?? '';
if (!is_string($suffix) || !preg_match('/^[A-Za-z0-9_.\-]{0,30}$/', $suffix)) {
    $fail('--id-suffix may hold up to 30 letters, digits, "_", "." or "-".');
}
$file = (string) $options['order-file'];
if (!is_file($file) || !is_readable($file)) {
    $fail('cannot read the order file ' . $file);
}
$text = (string) file_get_contents($file);
try {
    $order = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
} catch (\JsonException $e) {
    $fail('the order file is not JSON: ' . $e->getMessage());
}
if (!is_array($order) || !isset($order['entity_id']) || !ctype_digit((string) $order['entity_id'])) {
    $fail('the order file must be a Magento order object with a numeric entity_id.');
}
$memos = [];
if (isset($options['creditmemos-file'])) {
    $memoFile = $options['creditmemos-file'];
    if (!is_string($memoFile) || !is_file($memoFile) || !is_readable($memoFile)) {
        $fail('cannot read the credit memos file (give --creditmemos-file once).');
    }
    try {
        $list = json_decode((string) file_get_contents($memoFile), true, 512, JSON_THROW_ON_ERROR);
    } catch (\JsonException $e) {
        $fail('the credit memos file is not JSON: ' . $e->getMessage());
    }
    $memos = is_array($list) && isset($list['items']) && is_array($list['items']) ? $list['items'] : null;
    if ($memos === null) {
        $fail('the credit memos file must be a GET /V1/creditmemos result: {"items": [...]}.');
    }
    foreach ($memos as $memo) {
        if (
            !is_array($memo) || !isset($memo['entity_id']) || !ctype_digit((string) $memo['entity_id'])
            || (string) ($memo['order_id'] ?? '') !== (string) $order['entity_id']
        ) {
            $fail('each credit memo needs a numeric entity_id and the order\'s entity_id as order_id.');
        }
    }
}
$url = (string) $options['url'];
if (!preg_match('#^https?://#i', $url)) {
    $fail('--url must start with http:// or https://');
}

$kit = new Kit($url, (string) $options['shop'], (string) $options['secret'], new CurlTransport(), new SystemClock());
$entityId = (string) $order['entity_id'];
$kit->orders->put(new FakeOrder($order, $order));

$tail = $suffix === '' ? [] : [$suffix];
// The first event goes through the real observer, as a freshly placed order does in Magento.
$observer = new OrderSaveObserver(
    $kit->config,
    new PushbackGuard(),
    $kit->recorder,
    new ChangeDetector(),
    $kit->clock,
    $kit->logger
);
if ($suffix === '') {
    $observer->execute(new Observer(['event' => new Event(['order' => new FakeOrder($order, null)])]));
} else {
    $kit->recorder->record(Recorder::TYPE_ORDER_UPDATED, Recorder::ENTITY_ORDER, $entityId, null, ['created', $suffix]);
}
for ($i = 1; $i < $count; $i++) {
    $kit->recorder->record(
        Recorder::TYPE_ORDER_UPDATED,
        Recorder::ENTITY_ORDER,
        $entityId,
        isset($order['store_id']) ? (int) $order['store_id'] : null,
        array_merge(['e2e', (string) $i], $tail)
    );
}
// Then the credit memos, each saved as Magento saves a new one (after the order's events: a refund follows its
// order). The repository stand-in holds them all first, as the database does when the observers run.
foreach ($memos as $memo) {
    $kit->creditmemos->put(new FakeCreditmemo($memo, $memo));
}
$memoObserver = new CreditmemoSaveObserver(
    $kit->config,
    new PushbackGuard(),
    $kit->recorder,
    new ChangeDetector(),
    $kit->clock,
    $kit->logger
);
foreach ($memos as $memo) {
    if ($suffix === '') {
        $memoObserver->execute(new Observer(['event' => new Event(['creditmemo' => new FakeCreditmemo($memo, null)])]));
    } else {
        $kit->recorder->record(
            Recorder::TYPE_ORDER_REFUNDED,
            Recorder::ENTITY_ORDER,
            $entityId,
            null,
            ['creditmemo', (string) $memo['entity_id'], (string) ($memo['state'] ?? ''), $suffix]
        );
    }
}
$expected = $count + count($memos);
if (count($kit->store->rows) !== $expected) {
    fwrite(STDERR, "deliver.php: the outbox holds " . count($kit->store->rows) . " rows, expected $expected\n");
    foreach ($kit->logger->records as [$level, $message]) {
        fwrite(STDERR, "  $level: $message\n");
    }
    exit(1);
}

$result = $kit->drain->run((int) ceil($expected / 50) + 5);
foreach ($kit->logger->records as [$level, $message]) {
    fwrite(STDERR, "deliver.php $level: $message\n");
}
echo json_encode($result->toArray(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n";
exit($result->lastStatus !== null && $result->lastStatus >= 200 && $result->lastStatus < 300 ? 0 : 1);
