<?php

namespace ExactSidecar\Delivery;

/**
 * Event types of CONTRACT.md and the event envelope.
 */
final class Events
{
    public const ORDER_UPDATED = 'order.updated';
    public const ORDER_REFUNDED = 'order.refunded';
    public const ORDER_DELETED = 'order.deleted';
    public const CUSTOMER_UPDATED = 'customer.updated';

    public const TYPES = [self::ORDER_UPDATED, self::ORDER_REFUNDED, self::ORDER_DELETED, self::CUSTOMER_UPDATED];

    public static function isKnown(string $type): bool
    {
        return in_array($type, self::TYPES, true);
    }

    public static function isOrderEvent(string $type): bool
    {
        return strpos($type, 'order.') === 0;
    }

    /**
     * A new event id, unique per shop, at most 100 characters.
     */
    public static function newId(string $type, string $entityId): string
    {
        if (function_exists('wp_generate_uuid4')) {
            $uuid = wp_generate_uuid4();
        } else {
            $bytes = random_bytes(16);
            $bytes[6] = chr(ord($bytes[6]) & 0x0f | 0x40);
            $bytes[8] = chr(ord($bytes[8]) & 0x3f | 0x80);
            $uuid = vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
        }
        $prefix = substr('wc-' . $type . '-' . preg_replace('/[^A-Za-z0-9_-]/', '', $entityId), 0, 60);
        return $prefix . '-' . $uuid;
    }

    /**
     * @param mixed $data
     * @return array<string,mixed>
     */
    public static function envelope(string $eventId, string $type, string $occurredAt, string $entityId, $data): array
    {
        return [
            'id' => $eventId,
            'type' => $type,
            'occurred_at' => $occurredAt,
            'entity_id' => $entityId,
            'data' => $data,
        ];
    }

    public static function timestamp(int $unix): string
    {
        return gmdate('Y-m-d\TH:i:s\Z', $unix);
    }
}
