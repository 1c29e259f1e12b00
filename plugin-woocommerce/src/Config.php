<?php

namespace ExactSidecar;

/**
 * The plugin's local settings: where the sidecar is and how to sign for it. Everything else (trigger
 * statuses, mappings...) lives in the sidecar's settings document.
 */
final class Config
{
    public const VERSION = '0.1.0';

    public const OPTION_URL = 'exact_sidecar_url';
    public const OPTION_SHOP_ID = 'exact_sidecar_shop_id';
    public const OPTION_SECRET = 'exact_sidecar_secret';
    public const OPTION_API_USER = 'exact_sidecar_api_user_id';
    public const OPTION_API_KEY = 'exact_sidecar_api_key_id';
    public const OPTION_DEAD_LETTERS = 'exact_sidecar_dead_letters';

    /** Every option this plugin owns starts with this prefix (uninstall removes them all). */
    public const OPTION_PREFIX = 'exact_sidecar_';

    /** Action Scheduler hook and group of the outbox. */
    public const ACTION_HOOK = 'exact_sidecar_deliver';
    public const ACTION_GROUP = 'exact-sidecar';

    /** @var string */
    private $url;
    /** @var string */
    private $shopId;
    /** @var string */
    private $secret;

    public function __construct(string $url, string $shopId, string $secret)
    {
        $this->url = trim($url);
        $this->shopId = trim($shopId);
        $this->secret = $secret;
    }

    public static function fromOptions(): self
    {
        return new self(
            (string) get_option(self::OPTION_URL, ''),
            (string) get_option(self::OPTION_SHOP_ID, ''),
            (string) get_option(self::OPTION_SECRET, '')
        );
    }

    public function sidecarUrl(): string
    {
        return $this->url;
    }

    public function shopId(): string
    {
        return $this->shopId;
    }

    public function secret(): string
    {
        return $this->secret;
    }

    public function isConfigured(): bool
    {
        return $this->url !== '' && $this->shopId !== '' && $this->secret !== '';
    }

    /**
     * A clear problem with a sidecar URL, or null when it is acceptable.
     */
    public static function urlProblem(string $url): ?string
    {
        $url = trim($url);
        if ($url === '') {
            return null;
        }
        $parts = parse_url($url);
        if ($parts === false || empty($parts['scheme']) || empty($parts['host'])) {
            return __('Enter a full URL such as https://sidecar.example.com.', 'exact-sidecar');
        }
        if (!in_array(strtolower($parts['scheme']), ['http', 'https'], true)) {
            return __('The URL must start with https:// or http://.', 'exact-sidecar');
        }
        if (isset($parts['query']) || isset($parts['fragment'])) {
            return __('The URL must not contain "?" or "#".', 'exact-sidecar');
        }
        return null;
    }

    /**
     * A clear problem with a shop id, or null.
     */
    public static function shopIdProblem(string $shopId): ?string
    {
        $shopId = trim($shopId);
        if ($shopId === '' || preg_match('/^[A-Za-z0-9_.-]{1,100}$/', $shopId) === 1) {
            return null;
        }
        return __('The shop id may only contain letters, digits, "_", "-" and ".".', 'exact-sidecar');
    }
}
