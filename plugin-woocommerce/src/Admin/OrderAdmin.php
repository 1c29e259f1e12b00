<?php

namespace ExactSidecar\Admin;

use ExactSidecar\Config;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\OrderObserver;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Http\TransportException;
use ExactSidecar\Plugin;

/**
 * The Exact state on the orders list (a column) and on the order screen (a box), for HPOS and posts
 * storage. The column reads only order meta (no HTTP per row); the box also asks the sidecar live.
 *
 * Order meta written by the sidecar (assumed): _exact_sync_state (pending|posted|failed|skipped),
 * _exact_document_type, _exact_document_number, _exact_error, _exact_resolution.
 * Order meta written by this plugin: _exact_sidecar_delivery (see OrderObserver).
 */
class OrderAdmin
{
    public const COLUMN = 'exact_sidecar';

    /** @var callable():SidecarClient */
    private $clientFactory;

    /**
     * @param callable():SidecarClient|null $clientFactory
     */
    public function __construct(?callable $clientFactory = null)
    {
        $this->clientFactory = $clientFactory ?? [Plugin::class, 'client'];
    }

    public function register(): void
    {
        // HPOS orders list.
        add_filter('manage_woocommerce_page_wc-orders_columns', [$this, 'addColumn']);
        add_action('manage_woocommerce_page_wc-orders_custom_column', [$this, 'renderColumn'], 10, 2);
        // Posts storage orders list.
        add_filter('manage_edit-shop_order_columns', [$this, 'addColumn']);
        add_action('manage_shop_order_posts_custom_column', [$this, 'renderColumn'], 10, 2);
        add_action('add_meta_boxes', [$this, 'addMetaBox']);
    }

    /**
     * @param array<string,string> $columns
     * @return array<string,string>
     */
    public function addColumn($columns): array
    {
        $out = [];
        foreach ((array) $columns as $key => $label) {
            $out[$key] = $label;
            if ($key === 'order_status') {
                $out[self::COLUMN] = __('Exact Online', 'exact-sidecar');
            }
        }
        if (!isset($out[self::COLUMN])) {
            $out[self::COLUMN] = __('Exact Online', 'exact-sidecar');
        }
        return $out;
    }

    /**
     * @param string $column
     * @param mixed $orderOrId WC_Order (HPOS) or post id (posts storage)
     */
    public function renderColumn($column, $orderOrId): void
    {
        if ($column !== self::COLUMN) {
            return;
        }
        $order = wc_get_order($orderOrId);
        if (!$order) {
            return;
        }
        $summary = self::summary($order, self::isQueued((string) $order->get_id()));
        printf(
            '<mark class="order-status exact-sidecar-%s" title="%s"><span>%s</span></mark>',
            esc_attr($summary['state']),
            esc_attr($summary['detail']),
            esc_html($summary['label'])
        );
    }

    public static function isQueued(string $orderId): bool
    {
        foreach ([Events::ORDER_UPDATED, Events::ORDER_REFUNDED] as $type) {
            if (get_option(OptionStateStore::optionName($type, $orderId), null) !== null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The order's Exact state for display, from order meta only.
     *
     * @param \WC_Order $order
     * @return array{state:string,label:string,detail:string}
     */
    public static function summary($order, bool $queued): array
    {
        $delivery = $order->get_meta(OrderObserver::META);
        $delivery = is_array($delivery) ? $delivery : [];
        $deliveryState = (string) ($delivery['state'] ?? '');
        $sync = (string) $order->get_meta('_exact_sync_state');
        $number = (string) $order->get_meta('_exact_document_number');
        $error = (string) $order->get_meta('_exact_error');
        $resolution = (string) $order->get_meta('_exact_resolution');

        if ($deliveryState === 'dead' && !$queued) {
            return [
                'state' => 'failed',
                'label' => __('Not sent', 'exact-sidecar'),
                'detail' => (string) ($delivery['message'] ?? ''),
            ];
        }
        if ($queued) {
            $detail = $deliveryState === 'retrying'
                ? sprintf(__('Waiting for the sidecar: %s', 'exact-sidecar'), (string) ($delivery['message'] ?? ''))
                : __('Waiting to be sent to the sidecar.', 'exact-sidecar');
            return ['state' => 'queued', 'label' => __('Queued', 'exact-sidecar'), 'detail' => $detail];
        }
        switch ($sync) {
            case 'posted':
                return [
                    'state' => 'posted',
                    /* translators: %s: Exact document number */
                    'label' => $number !== ''
                        ? sprintf(__('Posted: %s', 'exact-sidecar'), $number)
                        : __('Posted', 'exact-sidecar'),
                    'detail' => (string) $order->get_meta('_exact_document_type'),
                ];
            case 'failed':
                return [
                    'state' => 'failed',
                    'label' => __('Failed', 'exact-sidecar'),
                    'detail' => trim($error . ' ' . $resolution),
                ];
            case 'skipped':
                return ['state' => 'skipped', 'label' => __('Skipped', 'exact-sidecar'), 'detail' => $error];
            case 'pending':
                return [
                    'state' => 'queued',
                    'label' => __('Queued', 'exact-sidecar'),
                    'detail' => __('The sidecar is working on it.', 'exact-sidecar'),
                ];
        }
        return ['state' => 'none', 'label' => '–', 'detail' => __('Not sent to Exact Online.', 'exact-sidecar')];
    }

    public function addMetaBox(): void
    {
        $screen = function_exists('wc_get_page_screen_id') ? wc_get_page_screen_id('shop-order') : 'shop_order';
        add_meta_box(
            'exact-sidecar-order',
            __('Exact Online', 'exact-sidecar'),
            [$this, 'renderMetaBox'],
            $screen,
            'side',
            'default'
        );
    }

    /**
     * @param mixed $postOrOrder WP_Post (posts storage) or WC_Order (HPOS)
     */
    public function renderMetaBox($postOrOrder): void
    {
        $order = $postOrOrder instanceof \WP_Post ? wc_get_order($postOrOrder->ID) : wc_get_order($postOrOrder);
        if (!$order) {
            return;
        }
        $id = (string) $order->get_id();
        $summary = self::summary($order, self::isQueued($id));
        printf('<p><strong>%s</strong></p>', esc_html($summary['label']));
        if ($summary['detail'] !== '') {
            printf('<p>%s</p>', esc_html($summary['detail']));
        }
        $this->renderLiveState($id);
        $preview = get_transient(AdminActions::dryRunKey($id));
        if (is_array($preview)) {
            delete_transient(AdminActions::dryRunKey($id));
            echo wp_kses_post(self::dryRunHtml($preview));
        }
        if (current_user_can('manage_woocommerce')) {
            printf(
                '<p><a class="button" href="%s">%s</a> <a class="button" href="%s">%s</a> '
                    . '<a class="button" href="%s">%s</a></p>',
                esc_url(AdminActions::url('exact_sidecar_retry_order', ['order_id' => $id])),
                esc_html__('Retry', 'exact-sidecar'),
                esc_url(AdminActions::url('exact_sidecar_resend_order', ['order_id' => $id])),
                esc_html__('Resend', 'exact-sidecar'),
                esc_url(AdminActions::url('exact_sidecar_dry_run', ['order_id' => $id])),
                esc_html__('Preview in Exact', 'exact-sidecar')
            );
            echo '<p class="description">' . esc_html__('Retry: the sidecar tries again with what it has. Resend: the '
                . 'shop sends the order again as it is now.', 'exact-sidecar') . '</p>';
        }
    }

    private function renderLiveState(string $orderId): void
    {
        $config = Config::fromOptions();
        if (!$config->isConfigured()) {
            echo '<p>' . esc_html__('The sidecar is not set up yet.', 'exact-sidecar') . '</p>';
            return;
        }
        try {
            $response = ($this->clientFactory)()->order($orderId);
        } catch (TransportException $e) {
            echo '<p>' . esc_html(Describe::transportFailure($config->sidecarUrl(), $e->getMessage())) . '</p>';
            return;
        }
        if ($response->status === 404) {
            echo '<p>' . esc_html__('The sidecar has not received this order.', 'exact-sidecar') . '</p>';
            return;
        }
        $data = $response->json();
        if (!$response->isSuccess() || !is_array($data)) {
            echo '<p>' . esc_html(Describe::error($response, $config->shopId())) . '</p>';
            return;
        }
        echo wp_kses_post(self::liveHtml($data));
    }

    /**
     * A dry run's answer (POST /api/v1/shop/orders/<id>/dry-run) as HTML (escaped): the document the order
     * would become, or what would stop it and what to do.
     *
     * @param array<string,mixed> $data
     */
    public static function dryRunHtml(array $data): string
    {
        $text = static function ($value): string {
            return is_scalar($value) ? trim((string) $value) : '';
        };
        $html = '<div class="exact-sidecar-dry-run"><p><strong>'
            . esc_html__('Preview: nothing was sent to Exact Online', 'exact-sidecar') . '</strong></p>';
        if (empty($data['ok'])) {
            $html .= '<p>' . esc_html($text($data['problem'] ?? '')) . '</p>';
            if ($text($data['resolution'] ?? '') !== '') {
                $html .= '<p><em>' . esc_html__('What to do', 'exact-sidecar') . ':</em> '
                    . esc_html($text($data['resolution'])) . '</p>';
            }
            return $html . '</div>';
        }
        $doc = isset($data['document']) && is_array($data['document']) ? $data['document'] : [];
        $account = isset($doc['account']) && is_array($doc['account']) ? $doc['account'] : [];
        $types = SettingsForm::documentTypes();
        $type = $text($doc['type'] ?? '');
        $created = strpos($text($account['outcome'] ?? ''), 'would be created') === 0;
        $who = $created
            ? __('a new account would be created', 'exact-sidecar')
            /* translators: %s: Exact account code */
            : sprintf(__('account %s', 'exact-sidecar'), $text($account['code'] ?? ''));
        $html .= '<p>' . esc_html(($types[$type] ?? $type) . ', ' . $who) . '</p><table class="widefat"><thead><tr><th>'
            . esc_html__('Line', 'exact-sidecar') . '</th><th>' . esc_html__('Net', 'exact-sidecar') . '</th><th>'
            . esc_html__('VAT', 'exact-sidecar') . '</th></tr></thead><tbody>';
        foreach ((array) ($doc['lines'] ?? []) as $line) {
            if (!is_array($line)) {
                continue;
            }
            $html .= '<tr><td>' . esc_html(trim($text($line['quantity'] ?? '') . ' x ' . $text($line['item'] ?? '')
                . ' ' . $text($line['description'] ?? ''))) . '</td><td>' . esc_html($text($line['net'] ?? ''))
                . '</td><td>' . esc_html($text($line['vat'] ?? '') . ' (' . $text($line['vat_code'] ?? '') . ')')
                . '</td></tr>';
        }
        $html .= '</tbody></table><p>' . esc_html(sprintf(
            /* translators: 1: total in Exact, 2: the shop's total */
            __('Total in Exact %1$s; the shop\'s total %2$s.', 'exact-sidecar'),
            $text($doc['total'] ?? ''),
            $text($doc['shop_total'] ?? '')
        )) . '</p>';
        foreach ((array) ($doc['notes'] ?? []) as $note) {
            $html .= '<p class="description">' . esc_html($text($note)) . '</p>';
        }
        return $html . '</div>';
    }

    /**
     * GET /api/v1/shop/orders/<id> as HTML (escaped).
     *
     * @param array<string,mixed> $data
     */
    public static function liveHtml(array $data): string
    {
        $text = static function ($value): string {
            return is_scalar($value) ? trim((string) $value) : '';
        };
        $error = isset($data['error']) && is_array($data['error']) ? $data['error'] : [];
        $rows = [
            __('State', 'exact-sidecar') => $text($data['state'] ?? $data['status'] ?? ''),
            __('Document', 'exact-sidecar') => trim(
                $text($data['document_type'] ?? '') . ' ' . $text($data['document_number'] ?? '')
            ),
            __('Error', 'exact-sidecar') => $text($error['message'] ?? $data['error'] ?? $data['message'] ?? ''),
            __('What to do', 'exact-sidecar') => $text($error['resolution'] ?? $data['resolution'] ?? ''),
        ];
        $html = '<table class="exact-sidecar-live">';
        foreach ($rows as $label => $value) {
            if ($value !== '') {
                $html .= '<tr><th style="text-align:left">' . esc_html($label) . '</th>'
                    . '<td>' . esc_html($value) . '</td></tr>';
            }
        }
        $html .= '</table>';
        $history = isset($data['history']) && is_array($data['history']) ? array_slice($data['history'], 0, 5) : [];
        if ($history !== []) {
            $html .= '<ul class="exact-sidecar-history">';
            foreach ($history as $entry) {
                $line = is_array($entry)
                    ? trim((string) ($entry['at'] ?? '') . ' ' . (string) ($entry['message'] ?? $entry['state'] ?? ''))
                    : (string) $entry;
                $html .= '<li>' . esc_html($line) . '</li>';
            }
            $html .= '</ul>';
        }
        return $html;
    }
}
