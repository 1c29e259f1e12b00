<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

/**
 * JSON encoding that keeps amounts exactly as Magento gave them.
 *
 * Hosts that still run with serialize_precision=17 would turn 104.96 into 104.96000000000001; this encoder
 * uses the shortest round-trip form (-1) for the duration of the call and restores the old setting.
 */
class Json
{
    /**
     * @param mixed $value
     * @return string
     * @throws \JsonException
     */
    public static function encode($value): string
    {
        $old = ini_get('serialize_precision');
        ini_set('serialize_precision', '-1');
        try {
            return json_encode(
                $value,
                JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION
            );
        } finally {
            if ($old !== false) {
                ini_set('serialize_precision', $old);
            }
        }
    }

    /**
     * Decode a JSON document; null when the text is not JSON.
     *
     * @param string $text
     * @return mixed
     */
    public static function decodeOrNull(string $text)
    {
        if ($text === '') {
            return null;
        }
        try {
            return json_decode($text, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            return null;
        }
    }
}
