<?php

namespace ExactSidecar;

use ExactSidecar\Credentials\ApiCredentials;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\OptionStateStore;

/**
 * Activation, deactivation and uninstall.
 */
final class Lifecycle
{
    public const OPTION_VERSION = 'exact_sidecar_version';

    /**
     * Activation: record the version and re-schedule events that were still waiting when the plugin was
     * deactivated (their outbox rows survive deactivation, so nothing is lost).
     */
    public static function activate(): void
    {
        update_option(self::OPTION_VERSION, Config::VERSION);
        if (!function_exists('as_schedule_single_action')) {
            return;
        }
        $outbox = new Outbox(new OptionStateStore());
        foreach (self::outboxRows() as $state) {
            $type = (string) ($state['type'] ?? '');
            $entityId = (string) ($state['entity_id'] ?? '');
            if (Events::isKnown($type) && $entityId !== '' && !$outbox->hasPending($type, $entityId)) {
                $outbox->reschedule($type, $entityId, time());
            }
        }
    }

    /**
     * Deactivation: unschedule this plugin's actions. The outbox rows stay for a later activation.
     */
    public static function deactivate(): void
    {
        Outbox::unscheduleAll();
    }

    /**
     * Uninstall: remove scheduled actions, the REST key and the dedicated user, and every option of the
     * plugin. Order notes and order meta stay: they are the shop's history.
     */
    public static function uninstall(): void
    {
        Outbox::unscheduleAll();
        ApiCredentials::revoke();
        $userId = ApiCredentials::userId();
        if ($userId > 0) {
            $userFunctions = defined('ABSPATH') ? ABSPATH . 'wp-admin/includes/user.php' : '';
            if (!function_exists('wp_delete_user') && $userFunctions !== '' && is_file($userFunctions)) {
                require_once $userFunctions;
            }
            if (function_exists('wp_delete_user')) {
                wp_delete_user($userId);
            }
        }
        foreach (self::optionNames() as $name) {
            delete_option($name);
        }
    }

    /**
     * @return array<int,string>
     */
    public static function optionNames(): array
    {
        global $wpdb;
        $names = $wpdb->get_col($wpdb->prepare(
            "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s",
            $wpdb->esc_like(Config::OPTION_PREFIX) . '%'
        ));
        return array_map('strval', is_array($names) ? $names : []);
    }

    /**
     * @return array<int,array<string,mixed>>
     */
    private static function outboxRows(): array
    {
        $rows = [];
        foreach (self::optionNames() as $name) {
            if (strpos($name, Config::OPTION_PREFIX . 'ob_') !== 0) {
                continue;
            }
            $state = get_option($name);
            if (is_array($state)) {
                $rows[] = $state;
            }
        }
        return $rows;
    }
}
