<?php

namespace ExactSidecar\Credentials;

use ExactSidecar\Config;
use ExactSidecar\Http\SidecarClient;

/**
 * The shop-side credentials the sidecar uses for pushback (CONTRACT.md, "Sidecar -> shop"): a dedicated
 * WordPress user (role shop_manager) and a WooCommerce REST API key (read/write) for it.
 *
 * Keys are created the way WooCommerce creates them (WC_Auth::create_keys): `ck_`/`cs_` + wc_rand_hash(),
 * the table stores wc_api_hash(consumer key) and the secret; the consumer key is only known once, so a
 * connect always issues a fresh key, hands it over, and only then revokes the previous one.
 */
final class ApiCredentials
{
    public const USER_LOGIN = 'exact-sidecar';
    public const KEY_DESCRIPTION = 'Exact Online sidecar (pushback)';

    /**
     * The dedicated user's id, creating the user when needed.
     */
    public static function ensureUser(): int
    {
        $id = (int) get_option(Config::OPTION_API_USER, 0);
        if ($id > 0 && get_userdata($id)) {
            return $id;
        }
        $existing = get_user_by('login', self::USER_LOGIN);
        if ($existing) {
            update_option(Config::OPTION_API_USER, (int) $existing->ID);
            return (int) $existing->ID;
        }
        $created = wp_insert_user([
            'user_login' => self::USER_LOGIN,
            'user_pass' => wp_generate_password(40, true, true),
            'display_name' => 'Exact Online sidecar',
            'description' => 'Used by the exact-sidecar plugin to read orders for delivery and by the sidecar for '
                . 'pushback.',
            'role' => 'shop_manager',
        ]);
        if (is_wp_error($created)) {
            throw new \RuntimeException('Could not create the sidecar user: ' . $created->get_error_message());
        }
        update_option(Config::OPTION_API_USER, (int) $created);
        return (int) $created;
    }

    /**
     * The id of the dedicated user, or 0 when it does not exist (never creates it).
     */
    public static function userId(): int
    {
        return (int) get_option(Config::OPTION_API_USER, 0);
    }

    /**
     * @return array{key_id:int,consumer_key:string,consumer_secret:string}
     */
    public static function createKey(int $userId): array
    {
        global $wpdb;
        $consumerKey = 'ck_' . wc_rand_hash();
        $consumerSecret = 'cs_' . wc_rand_hash();
        $inserted = $wpdb->insert(
            $wpdb->prefix . 'woocommerce_api_keys',
            [
                'user_id' => $userId,
                'description' => self::KEY_DESCRIPTION,
                'permissions' => 'read_write',
                'consumer_key' => wc_api_hash($consumerKey),
                'consumer_secret' => $consumerSecret,
                'truncated_key' => substr($consumerKey, -7),
            ],
            ['%d', '%s', '%s', '%s', '%s', '%s']
        );
        if (!$inserted) {
            throw new \RuntimeException('Could not create a WooCommerce REST API key.');
        }
        return [
            'key_id' => (int) $wpdb->insert_id,
            'consumer_key' => $consumerKey,
            'consumer_secret' => $consumerSecret,
        ];
    }

    public static function revokeKey(int $keyId): void
    {
        global $wpdb;
        if ($keyId > 0) {
            $wpdb->delete($wpdb->prefix . 'woocommerce_api_keys', ['key_id' => $keyId], ['%d']);
        }
    }

    /**
     * What the sidecar gets (POST /api/v1/shop/credentials): exactly the key pair. The sidecar refuses
     * unknown fields; it knows the shop's URL from `exact-sidecar shop add`.
     *
     * @param array{key_id:int,consumer_key:string,consumer_secret:string} $key
     * @return array<string,string>
     */
    public static function payload(array $key): array
    {
        return [
            'consumer_key' => $key['consumer_key'],
            'consumer_secret' => $key['consumer_secret'],
        ];
    }

    /**
     * Issue a fresh key, hand it to the sidecar, then revoke the previous key. When the sidecar does not
     * accept it, the new key is revoked again and the previous one stays.
     *
     * @return string|null null on success, otherwise why it failed
     */
    public static function handOver(SidecarClient $client): ?string
    {
        try {
            $userId = self::ensureUser();
            $key = self::createKey($userId);
        } catch (\RuntimeException $e) {
            return $e->getMessage();
        }
        try {
            $response = $client->postCredentials(self::payload($key));
        } catch (\Throwable $e) {
            self::revokeKey($key['key_id']);
            return $e->getMessage();
        }
        if (!$response->isSuccess()) {
            self::revokeKey($key['key_id']);
            return $response->errorMessage();
        }
        $previous = (int) get_option(Config::OPTION_API_KEY, 0);
        update_option(Config::OPTION_API_KEY, $key['key_id'], false);
        if ($previous > 0 && $previous !== $key['key_id']) {
            self::revokeKey($previous);
        }
        return null;
    }

    /**
     * Revoke the key handed to the sidecar (disconnect, uninstall).
     */
    public static function revoke(): void
    {
        self::revokeKey((int) get_option(Config::OPTION_API_KEY, 0));
        delete_option(Config::OPTION_API_KEY);
    }
}
