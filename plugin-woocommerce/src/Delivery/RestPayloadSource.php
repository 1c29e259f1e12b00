<?php

namespace ExactSidecar\Delivery;

/**
 * Builds `data` exactly as WooCommerce's REST API v3 returns it, by running WooCommerce's own REST
 * controller in-process (as WooCommerce's webhooks build their payload). Action Scheduler jobs have no
 * current user, so the request runs as the plugin's dedicated API user and the previous user is restored.
 *
 * order.updated  -> GET /wc/v3/orders/<id>
 * order.refunded -> the same, plus data.refunds_detail = GET /wc/v3/orders/<id>/refunds
 * order.deleted  -> null
 * customer.updated -> GET /wc/v3/customers/<id>
 */
final class RestPayloadSource implements PayloadSource
{
    /** @var callable():int */
    private $userProvider;

    /**
     * @param callable():int $userProvider returns the id of the user to build payloads as
     */
    public function __construct(callable $userProvider)
    {
        $this->userProvider = $userProvider;
    }

    public function build(string $type, string $entityId)
    {
        if ($type === Events::ORDER_DELETED) {
            return null;
        }
        if (!ctype_digit($entityId)) {
            throw new EntityGoneException(sprintf('"%s" is not a WooCommerce id.', $entityId));
        }
        if ($type === Events::CUSTOMER_UPDATED) {
            return $this->get('/wc/v3/customers/' . $entityId);
        }
        $order = wc_get_order((int) $entityId);
        if (!$order) {
            throw new EntityGoneException(sprintf('Order %s no longer exists.', $entityId));
        }
        $data = $this->get('/wc/v3/orders/' . $entityId);
        if ($type === Events::ORDER_REFUNDED && is_array($data)) {
            $data['refunds_detail'] = $this->get('/wc/v3/orders/' . $entityId . '/refunds', ['per_page' => 100]);
        }
        return $data;
    }

    /**
     * @param array<string,mixed> $query
     * @return mixed
     */
    private function get(string $route, array $query = [])
    {
        $previous = get_current_user_id();
        $userId = (int) ($this->userProvider)();
        if ($userId <= 0) {
            throw new \RuntimeException('The plugin has no API user to read WooCommerce data with.');
        }
        wp_set_current_user($userId);
        try {
            $request = new \WP_REST_Request('GET', $route);
            if ($query !== []) {
                $request->set_query_params($query);
            }
            $response = rest_do_request($request);
            $data = rest_get_server()->response_to_data($response, false);
            $status = $response->get_status();
        } finally {
            wp_set_current_user($previous);
        }
        if ($status === 404) {
            throw new EntityGoneException(sprintf('%s answered 404.', $route));
        }
        if ($status < 200 || $status >= 300) {
            $message = is_array($data) && isset($data['message']) ? (string) $data['message'] : '';
            throw new \RuntimeException(sprintf('WooCommerce REST %s answered %d %s', $route, $status, $message));
        }
        return $data;
    }
}
