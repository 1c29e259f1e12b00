<?php

/**
 * Shared state of the WordPress / WooCommerce stand-ins. Tests reset it in setUp().
 *
 * The stand-ins are small, hand-written and strict: they record what the plugin asked WordPress to do so
 * tests can assert on it, and they fail loudly instead of guessing.
 */
final class WpState
{
    /** @var array<string,mixed> */
    public static $options = [];
    /** @var array<string,array<int,array{0:callable,1:int,2:int}>> */
    public static $actions = [];
    /** @var array<string,array<int,array{0:callable,1:int,2:int}>> */
    public static $filters = [];
    /** @var array<int,array<string,mixed>> scheduled Action Scheduler actions */
    public static $scheduled = [];
    /** @var int */
    public static $nextActionId = 1;
    /** @var array<int,array{url:string,args:array<string,mixed>}> */
    public static $httpRequests = [];
    /** @var array<int,mixed> queued answers for wp_remote_request: array or WP_Error */
    public static $httpResponses = [];
    /** @var int */
    public static $currentUser = 0;
    /** @var array<int,int> every user switch, in order */
    public static $userSwitches = [];
    /** @var array<string,bool> capabilities of the current user */
    public static $caps = [];
    /** @var array<int,WC_Order> */
    public static $orders = [];
    /** @var array<string,callable> route => handler(WP_REST_Request): array{0:int,1:mixed} */
    public static $restRoutes = [];
    /** @var array<int,array{0:string,1:string}> */
    public static $logs = [];
    /** @var array<string,mixed> */
    public static $transients = [];
    /** @var array<int,string> */
    public static $redirects = [];
    /** @var array<int,array<string,mixed>> */
    public static $users = [];
    /** @var int */
    public static $nextUserId = 100;
    /** @var array<int,array<string,mixed>> API keys table */
    public static $apiKeys = [];
    /** @var array<int,array<string,mixed>> */
    public static $metaBoxes = [];
    /** @var bool */
    public static $ssl = true;
    /** @var int */
    public static $time = 1763728800;

    public static function reset(): void
    {
        self::$options = [];
        self::$actions = [];
        self::$filters = [];
        self::$scheduled = [];
        self::$nextActionId = 1;
        self::$httpRequests = [];
        self::$httpResponses = [];
        self::$currentUser = 0;
        self::$userSwitches = [];
        self::$caps = [];
        self::$orders = [];
        self::$restRoutes = [];
        self::$logs = [];
        self::$transients = [];
        self::$redirects = [];
        self::$users = [];
        self::$nextUserId = 100;
        self::$apiKeys = [];
        self::$metaBoxes = [];
        self::$ssl = true;
        self::$time = 1763728800;
        $GLOBALS['wpdb'] = new wpdb();
        $GLOBALS['wp_stub_is_admin'] = false;
        WC_Admin_Settings::$errors = [];
        $_POST = [];
        $_GET = [];
        $_REQUEST = [];
    }

    /**
     * Pending actions of a hook, optionally with the given args.
     *
     * @param array<string,mixed>|null $args
     * @return array<int,array<string,mixed>>
     */
    public static function pending(string $hook, ?array $args = null): array
    {
        return array_values(array_filter(self::$scheduled, static function (array $a) use ($hook, $args): bool {
            return $a['status'] === 'pending' && $a['hook'] === $hook && ($args === null || $a['args'] === $args);
        }));
    }

    /**
     * Answer the next wp_remote_request with this status and JSON body.
     *
     * @param mixed $body
     * @param array<string,string> $headers
     */
    public static function queueHttp(int $status, $body, array $headers = []): void
    {
        self::$httpResponses[] = [
            'response' => ['code' => $status, 'message' => ''],
            'headers' => $headers,
            'body' => is_string($body) ? $body : json_encode($body),
        ];
    }
}
