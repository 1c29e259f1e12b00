<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

use ExactSidecar\Connector\Api\Data\SyncResultInterface;
use ExactSidecar\Connector\Api\OrderSyncInterface;
use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Data\SyncResult;
use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;
use Magento\Framework\Exception\InputException;
use Magento\Sales\Api\OrderRepositoryInterface;

/**
 * The pushback route's logic. Validates everything before touching the order; saves the order only when its
 * status/state changes or a comment is due, inside the PushbackGuard so the observers do not echo the change.
 */
class OrderSync implements OrderSyncInterface
{
    public const SYNC_STATES = ['pending', 'posted', 'failed', 'skipped'];
    public const ORDER_STATES = [
        'new',
        'pending_payment',
        'payment_review',
        'processing',
        'complete',
        'closed',
        'canceled',
        'holded',
    ];

    /** @var OrderRepositoryInterface */
    private $orderRepository;

    /** @var OrderLinkStoreInterface */
    private $links;

    /** @var Config */
    private $config;

    /** @var PushbackGuard */
    private $guard;

    /** @var ClockInterface */
    private $clock;

    /**
     * @param OrderRepositoryInterface $orderRepository
     * @param OrderLinkStoreInterface $links
     * @param Config $config
     * @param PushbackGuard $guard
     * @param ClockInterface $clock
     */
    public function __construct(
        OrderRepositoryInterface $orderRepository,
        OrderLinkStoreInterface $links,
        Config $config,
        PushbackGuard $guard,
        ClockInterface $clock
    ) {
        $this->orderRepository = $orderRepository;
        $this->links = $links;
        $this->config = $config;
        $this->guard = $guard;
        $this->clock = $clock;
    }

    /**
     * @inheritDoc
     */
    public function sync(
        int $orderId,
        ?string $syncState = null,
        ?string $documentType = null,
        ?string $documentId = null,
        ?string $documentNumber = null,
        ?string $status = null,
        ?string $state = null,
        ?string $comment = null,
        ?string $errorMessage = null,
        ?string $resolution = null,
        ?string $syncKey = null
    ): SyncResultInterface {
        $input = [
            'sync_state' => self::clean($syncState),
            'document_type' => self::clean($documentType),
            'document_id' => self::clean($documentId),
            'document_number' => self::clean($documentNumber),
            'error_message' => self::clean($errorMessage),
            'resolution' => self::clean($resolution),
            'last_sync_key' => self::clean($syncKey),
        ];
        $status = self::clean($status);
        $state = self::clean($state);
        $comment = self::clean($comment);
        $this->validate($input, $status, $state, $comment);

        $order = $this->orderRepository->get($orderId);
        $link = $this->links->get($orderId) ?? [];

        if ($input['last_sync_key'] !== null && ($link['last_sync_key'] ?? null) === $input['last_sync_key']) {
            return $this->result($orderId, false, $order, $link, 'This sync_key was already applied.');
        }

        $merged = $link;
        foreach ($input as $field => $value) {
            if ($value !== null) {
                $merged[$field] = $value;
            }
        }
        if (($input['sync_state'] ?? null) !== null && $input['sync_state'] !== 'failed') {
            $merged['error_message'] = $input['error_message'];
            $merged['resolution'] = $input['resolution'];
        }
        $linkChanged = false;
        foreach (OrderLinkStoreInterface::FIELDS as $field) {
            if ($field !== 'last_sync_key' && ($merged[$field] ?? null) !== ($link[$field] ?? null)) {
                $linkChanged = true;
            }
        }
        $statusChanged = $status !== null && $status !== (string) $order->getStatus();
        $stateChanged = $state !== null && $state !== (string) $order->getState();
        // A comment the order's history already holds is never added twice (a retry after a lost
        // answer, two pushbacks in either order); one it lacks is written even when nothing else changes
        // (the sidecar's status notes: "Exact Online: sales invoice 26700001 is paid.").
        if ($comment !== null && $this->historyHas($order, $comment)) {
            $comment = null;
            $commentDue = false;
        } else {
            $commentDue = $comment !== null;
        }

        if (!$linkChanged && !$statusChanged && !$stateChanged && !$commentDue) {
            if ($input['last_sync_key'] !== null) {
                $this->links->save($orderId, $merged, $this->clock->now());
            }
            return $this->result($orderId, false, $order, $merged, 'Nothing to change.');
        }

        $note = $comment ?? $this->defaultComment($merged, $link);
        if ($note !== null && $comment === null && $this->historyHas($order, $note)) {
            $note = null;
        }
        if ($statusChanged || $stateChanged || $note !== null) {
            $this->guard->run(function () use ($order, $status, $state, $note, $statusChanged, $stateChanged): void {
                if ($stateChanged) {
                    $order->setState($state);
                }
                if ($statusChanged) {
                    $order->setStatus($status);
                }
                if ($note !== null && method_exists($order, 'addCommentToStatusHistory')) {
                    $order->addCommentToStatusHistory($note, $statusChanged ? $status : false, false);
                }
                $this->orderRepository->save($order);
            });
        }
        $this->links->save($orderId, $merged, $this->clock->now());
        return $this->result($orderId, true, $order, $merged, 'Applied.');
    }

    /**
     * @param array<string, string|null> $input
     * @param string|null $status
     * @param string|null $state
     * @param string|null $comment
     * @return void
     * @throws InputException
     */
    private function validate(array $input, ?string $status, ?string $state, ?string $comment): void
    {
        if ($input['sync_state'] !== null && !in_array($input['sync_state'], self::SYNC_STATES, true)) {
            throw new InputException(__(
                'sync_state "%1" is not one of: %2.',
                $input['sync_state'],
                implode(', ', self::SYNC_STATES)
            ));
        }
        if ($status !== null && !in_array($status, $this->config->getAllowedPushbackStatuses(), true)) {
            throw new InputException(__(
                'Status "%1" is not allowed for Exact pushback; allowed: %2.',
                $status,
                implode(', ', $this->config->getAllowedPushbackStatuses()) ?: '(none configured)'
            ));
        }
        if ($state !== null && !in_array($state, self::ORDER_STATES, true)) {
            throw new InputException(__('State "%1" is not a Magento order state.', $state));
        }
        $limits = [
            'document_type' => 32,
            'document_id' => 64,
            'document_number' => 64,
            'last_sync_key' => 100,
            'error_message' => 2000,
            'resolution' => 2000,
        ];
        foreach ($limits as $field => $max) {
            if ($input[$field] !== null && mb_strlen($input[$field]) > $max) {
                throw new InputException(__('%1 is longer than %2 characters.', $field, $max));
            }
        }
        if ($comment !== null && mb_strlen($comment) > 2000) {
            throw new InputException(__('comment is longer than %1 characters.', 2000));
        }
    }

    /**
     * Whether the order's status history already has this comment (Magento's history rows, or the arrays a
     * REST-loaded order carries).
     *
     * @param object $order
     * @param string $comment
     * @return bool
     */
    private function historyHas($order, string $comment): bool
    {
        $histories = is_callable([$order, 'getStatusHistories']) ? $order->getStatusHistories() : [];
        foreach ((array) ($histories ?? []) as $history) {
            $text = is_object($history) && method_exists($history, 'getComment')
                ? $history->getComment()
                : (is_array($history) ? ($history['comment'] ?? null) : null);
            if ($text !== null && trim((string) $text) === $comment) {
                return true;
            }
        }
        return false;
    }

    /**
     * A history comment when the Exact document or state changed and the sidecar sent none.
     *
     * @param array<string, mixed> $merged
     * @param array<string, mixed> $previous
     * @return string|null
     */
    private function defaultComment(array $merged, array $previous): ?string
    {
        $number = $merged['document_number'] ?? null;
        if ($number !== null && $number !== ($previous['document_number'] ?? null)) {
            return (string) __(
                'Exact Online: %1 %2 created.',
                (string) ($merged['document_type'] ?? 'document'),
                $number
            );
        }
        if (($merged['sync_state'] ?? null) === 'failed' && ($previous['sync_state'] ?? null) !== 'failed') {
            return (string) __('Exact Online: sync failed: %1', (string) ($merged['error_message'] ?? ''));
        }
        return null;
    }

    /**
     * @param int $orderId
     * @param bool $applied
     * @param object $order
     * @param array<string, mixed> $link
     * @param string $message
     * @return SyncResult
     */
    private function result(int $orderId, bool $applied, $order, array $link, string $message): SyncResult
    {
        return new SyncResult(
            $orderId,
            $applied,
            (string) $order->getState(),
            (string) $order->getStatus(),
            isset($link['sync_state']) ? (string) $link['sync_state'] : null,
            isset($link['document_number']) ? (string) $link['document_number'] : null,
            $message
        );
    }

    /**
     * Trimmed value, null for null/empty; refuses control characters other than newlines and tabs.
     *
     * @param string|null $value
     * @return string|null
     * @throws InputException
     */
    private static function clean(?string $value): ?string
    {
        if ($value === null) {
            return null;
        }
        $value = trim($value);
        if ($value === '') {
            return null;
        }
        if (preg_match('/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/', $value) || !mb_check_encoding($value, 'UTF-8')) {
            throw new InputException(__('A field contains control characters or is not UTF-8.'));
        }
        return $value;
    }
}
