<?php

namespace ExactSidecar\Admin;

use ExactSidecar\Config;
use ExactSidecar\Credentials\ApiCredentials;
use ExactSidecar\Delivery\DeadLetters;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\RestPayloadSource;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Http\TransportException;
use ExactSidecar\Plugin;

/**
 * The admin's buttons (admin-post.php actions). Every action checks `manage_woocommerce` and its own
 * nonce before doing anything, reports the result as a notice and redirects back.
 */
class AdminActions
{
    public const ACTIONS = [
        'exact_sidecar_test' => 'testConnection',
        'exact_sidecar_connect' => 'connect',
        'exact_sidecar_disconnect' => 'disconnect',
        'exact_sidecar_backfill' => 'backfill',
        'exact_sidecar_propose' => 'propose',
        'exact_sidecar_retry_order' => 'retryOrder',
        'exact_sidecar_dry_run' => 'dryRunOrder',
        'exact_sidecar_resend_order' => 'resendOrder',
        'exact_sidecar_resend_event' => 'resendEvent',
    ];

    /** Exact Online's countries (the sidecar's regions): an administration lives in one. */
    public const REGIONS = [
        'nl' => 'Nederland',
        'be' => 'België',
        'de' => 'Deutschland',
        'fr' => 'France',
        'es' => 'España',
        'uk' => 'United Kingdom',
        'us' => 'United States',
    ];

    /** @var Outbox */
    private $outbox;
    /** @var callable():SidecarClient */
    private $clientFactory;
    /** @var ShopLists */
    private $lists;
    /** @var callable():\ExactSidecar\Delivery\PayloadSource */
    private $payloads;

    /**
     * @param callable():SidecarClient|null $clientFactory
     * @param callable():\ExactSidecar\Delivery\PayloadSource|null $payloads how an order becomes its REST JSON
     */
    public function __construct(
        Outbox $outbox,
        ?callable $clientFactory = null,
        ?ShopLists $lists = null,
        ?callable $payloads = null
    ) {
        $this->outbox = $outbox;
        $this->clientFactory = $clientFactory ?? [Plugin::class, 'client'];
        $this->lists = $lists ?? new ShopLists();
        $this->payloads = $payloads ?? static function (): RestPayloadSource {
            return new RestPayloadSource([ApiCredentials::class, 'ensureUser']);
        };
    }

    public function register(): void
    {
        foreach (array_keys(self::ACTIONS) as $action) {
            add_action('admin_post_' . $action, function () use ($action): void {
                $this->dispatch($action);
            });
        }
        add_action('admin_notices', [Notices::class, 'render']);
    }

    public static function settingsUrl(): string
    {
        return admin_url('admin.php?page=wc-settings&tab=' . SettingsPage::TAB);
    }

    /**
     * A nonce-protected link to an action.
     *
     * @param array<string,string|int> $params
     */
    public static function url(string $action, array $params = []): string
    {
        $url = add_query_arg(array_merge(['action' => $action], $params), admin_url('admin-post.php'));
        return wp_nonce_url($url, self::nonceAction($action, $params));
    }

    /**
     * @param array<string,string|int> $params
     */
    public static function nonceAction(string $action, array $params = []): string
    {
        return $action . (isset($params['order_id']) ? '_' . $params['order_id'] : '')
            . (isset($params['type'], $params['id']) ? '_' . $params['type'] . '_' . $params['id'] : '');
    }

    /**
     * Runs an action and redirects. Exits.
     */
    public function dispatch(string $action): void
    {
        $method = self::ACTIONS[$action] ?? null;
        if ($method === null) {
            wp_die(esc_html__('Unknown action.', 'exact-sidecar'), '', ['response' => 400]);
            return;
        }
        $target = $this->{$method}();
        if (strpos($target, admin_url()) === 0) {
            wp_safe_redirect($target);
        } else {
            // Only connect() returns an outside URL: the sidecar's sign-in start page, which forwards to Exact.
            wp_redirect($target);
        }
        exit;
    }

    /**
     * Capability and nonce check; stops with 403 when either fails.
     */
    protected function authorize(string $nonceAction, string $queryArg = '_wpnonce'): void
    {
        if (!current_user_can('manage_woocommerce')) {
            wp_die(esc_html__('Sorry, you are not allowed to do this.', 'exact-sidecar'), '', ['response' => 403]);
        }
        check_admin_referer($nonceAction, $queryArg);
    }

    private static function param(string $name): string
    {
        $value = $_REQUEST[$name] ?? ''; // phpcs:ignore -- nonce checked in authorize()
        return is_scalar($value) ? sanitize_text_field(wp_unslash((string) $value)) : '';
    }

    private function client(): SidecarClient
    {
        return ($this->clientFactory)();
    }

    private static function notConfigured(): bool
    {
        if (Config::fromOptions()->isConfigured()) {
            return false;
        }
        Notices::add('error', __('Enter the sidecar URL, shop id and secret and save them first.', 'exact-sidecar'));
        return true;
    }

    public function testConnection(): string
    {
        $this->authorize('exact_sidecar_test');
        if (self::notConfigured()) {
            return self::settingsUrl();
        }
        $config = Config::fromOptions();
        try {
            $response = $this->client()->shop();
        } catch (TransportException $e) {
            Notices::add('error', Describe::transportFailure($config->sidecarUrl(), $e->getMessage()));
            return self::settingsUrl();
        }
        $data = $response->json();
        if ($response->isSuccess() && is_array($data)) {
            Notices::add('success', Describe::shopStatus($data));
        } else {
            Notices::add('error', Describe::error($response, $config->shopId()));
        }
        return self::settingsUrl();
    }

    public function connect(): string
    {
        // The button inside the settings form carries its nonce as `_wpnonce_connect` (the form has its own).
        $field = isset($_REQUEST['_wpnonce_connect']) ? '_wpnonce_connect' : '_wpnonce'; // phpcs:ignore -- checked next
        $this->authorize('exact_sidecar_connect', $field);
        $region = self::param('exact_sidecar_region');
        $region = isset(self::REGIONS[$region]) ? $region : 'nl';
        if (self::notConfigured()) {
            return self::settingsUrl();
        }
        $client = $this->client();
        $problem = ApiCredentials::handOver($client);
        if ($problem !== null) {
            Notices::add('error', sprintf(
                /* translators: %s: reason */
                __('Could not hand the shop\'s REST credentials to the sidecar: %s', 'exact-sidecar'),
                $problem
            ));
            return self::settingsUrl();
        }
        try {
            $response = $client->connect(add_query_arg('exact_sidecar_connected', '1', self::settingsUrl()), $region);
        } catch (TransportException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::settingsUrl();
        }
        $data = $response->json();
        $authorizeUrl = is_array($data) && isset($data['authorize_url']) ? (string) $data['authorize_url'] : '';
        if (!$response->isSuccess()) {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
            return self::settingsUrl();
        }
        if (!preg_match('#^https?://#i', $authorizeUrl)) {
            $message = __('The sidecar did not return a valid Exact Online sign-in address.', 'exact-sidecar');
            Notices::add('error', $message);
            return self::settingsUrl();
        }
        return $authorizeUrl;
    }

    /**
     * Asks the sidecar to propose every empty mapping from the shop's lists and Exact's records, and puts
     * the proposal in the settings form (not saved): the owner reviews it there and presses Save.
     */
    public function propose(): string
    {
        $this->authorize('exact_sidecar_propose');
        if (self::notConfigured()) {
            return self::settingsUrl();
        }
        $lists = [
            'tax_rates' => $this->lists->taxRateDetails(),
            'payment_methods' => self::methods($this->lists->gateways()),
            'shipping_methods' => self::methods($this->lists->shippingMethods()),
        ];
        $country = $this->lists->baseCountry();
        if (preg_match('/^[A-Z]{2}$/', $country)) {
            $lists['home_country'] = $country;
        }
        try {
            $response = $this->client()->proposeSettings($lists);
        } catch (TransportException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::settingsUrl();
        }
        $data = $response->json();
        if (!$response->isSuccess() || !is_array($data) || !is_array($data['settings'] ?? null)) {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
            return self::settingsUrl();
        }
        set_transient(SettingsPage::stashKey(), [
            'form' => SettingsForm::formValues($data['settings']),
            'errors' => [],
            'unplaced' => [],
            'proposal' => [
                'proposed' => is_array($data['proposed'] ?? null) ? $data['proposed'] : [],
                'missing' => is_array($data['missing'] ?? null) ? $data['missing'] : [],
            ],
        ], 600);
        Notices::add('success', __(
            'The proposed settings are in the form below, not saved yet: check them and press Save.',
            'exact-sidecar'
        ));
        return self::settingsUrl();
    }

    /**
     * @param array<string,string> $list id => title
     * @return array<int,array{id:string,title:string}>
     */
    private static function methods(array $list): array
    {
        $out = [];
        foreach ($list as $id => $title) {
            $out[] = ['id' => (string) $id, 'title' => (string) $title];
        }
        return $out;
    }

    public function disconnect(): string
    {
        $this->authorize('exact_sidecar_disconnect');
        if (self::notConfigured()) {
            return self::settingsUrl();
        }
        try {
            $response = $this->client()->disconnect();
        } catch (TransportException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::settingsUrl();
        }
        if (!$response->isSuccess()) {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
            return self::settingsUrl();
        }
        ApiCredentials::revoke();
        $message = __('Disconnected from Exact Online; the REST key of the sidecar is revoked.', 'exact-sidecar');
        Notices::add('success', $message);
        return self::settingsUrl();
    }

    public function backfill(): string
    {
        // Posted from inside WooCommerce's settings form, which has its own `_wpnonce`.
        $this->authorize('exact_sidecar_backfill', '_wpnonce_backfill');
        $since = self::param('exact_sidecar_since');
        $date = \DateTimeImmutable::createFromFormat('!Y-m-d', $since, new \DateTimeZone('UTC'));
        if ($date === false || $date->format('Y-m-d') !== $since || $date->getTimestamp() > time()) {
            $message = __('Enter the start date of the backfill as a past date (YYYY-MM-DD).', 'exact-sidecar');
            Notices::add('error', $message);
            return self::settingsUrl();
        }
        if (self::notConfigured()) {
            return self::settingsUrl();
        }
        try {
            $response = $this->client()->startBackfill($since);
        } catch (TransportException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::settingsUrl();
        }
        if ($response->isSuccess()) {
            /* translators: %s: date */
            $message = __('The sidecar is importing the orders since %s. Progress is shown below.', 'exact-sidecar');
            Notices::add('success', sprintf($message, $since));
        } else {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
        }
        return self::settingsUrl();
    }

    /**
     * @return \WC_Order|null
     */
    private function orderFromRequest()
    {
        $id = absint(self::param('order_id'));
        $order = $id > 0 ? wc_get_order($id) : false;
        return $order ? $order : null;
    }

    private static function orderUrl($order): string
    {
        return method_exists($order, 'get_edit_order_url') ? $order->get_edit_order_url() : self::settingsUrl();
    }

    public function retryOrder(): string
    {
        $id = absint(self::param('order_id'));
        $this->authorize('exact_sidecar_retry_order_' . $id);
        $order = $this->orderFromRequest();
        if ($order === null) {
            Notices::add('error', __('That order does not exist.', 'exact-sidecar'));
            return self::settingsUrl();
        }
        try {
            $response = $this->client()->retryOrder((string) $order->get_id());
        } catch (\RuntimeException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::orderUrl($order);
        }
        if ($response->isSuccess()) {
            Notices::add('success', __('The sidecar will try this order again.', 'exact-sidecar'));
        } else {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
        }
        return self::orderUrl($order);
    }

    /** Where the last dry run of an order is kept for the next view of its screen (per admin). */
    public static function dryRunKey(string $orderId): string
    {
        return 'exact_sidecar_dry_run_' . $orderId . '_' . get_current_user_id();
    }

    /**
     * Asks the sidecar which document the order would become (nothing is posted) and shows it on the
     * order's screen. The sidecar uses the order data it holds; an order it never received is sent along.
     */
    public function dryRunOrder(): string
    {
        $id = absint(self::param('order_id'));
        $this->authorize('exact_sidecar_dry_run_' . $id);
        $order = $this->orderFromRequest();
        if ($order === null) {
            Notices::add('error', __('That order does not exist.', 'exact-sidecar'));
            return self::settingsUrl();
        }
        $orderId = (string) $order->get_id();
        try {
            $response = $this->client()->dryRun($orderId);
            if ($response->status === 404) {
                $payload = ($this->payloads)()->build(Events::ORDER_UPDATED, $orderId);
                $response = $this->client()->dryRun($orderId, is_array($payload) ? $payload : []);
            }
        } catch (\RuntimeException $e) {
            Notices::add('error', Describe::transportFailure(Config::fromOptions()->sidecarUrl(), $e->getMessage()));
            return self::orderUrl($order);
        }
        $data = $response->json();
        if (!$response->isSuccess() || !is_array($data)) {
            Notices::add('error', Describe::error($response, Config::fromOptions()->shopId()));
            return self::orderUrl($order);
        }
        set_transient(self::dryRunKey($orderId), $data, 600);
        return self::orderUrl($order);
    }

    public function resendOrder(): string
    {
        $id = absint(self::param('order_id'));
        $this->authorize('exact_sidecar_resend_order_' . $id);
        $order = $this->orderFromRequest();
        if ($order === null) {
            Notices::add('error', __('That order does not exist.', 'exact-sidecar'));
            return self::settingsUrl();
        }
        $this->outbox->enqueue(Events::ORDER_UPDATED, (string) $order->get_id(), 0);
        DeadLetters::take(Events::ORDER_UPDATED, (string) $order->get_id());
        Notices::add('success', __('The order is queued to be sent to the sidecar again.', 'exact-sidecar'));
        return self::orderUrl($order);
    }

    public function resendEvent(): string
    {
        $type = self::param('type');
        $id = self::param('id');
        $this->authorize('exact_sidecar_resend_event_' . $type . '_' . $id);
        if (!Events::isKnown($type) || $id === '') {
            Notices::add('error', __('That event cannot be resent.', 'exact-sidecar'));
            return self::settingsUrl();
        }
        $this->outbox->enqueue($type, $id, 0);
        DeadLetters::take($type, $id);
        /* translators: 1: event type, 2: id */
        Notices::add('success', sprintf(__('%1$s %2$s is queued again.', 'exact-sidecar'), $type, $id));
        return self::settingsUrl();
    }
}
