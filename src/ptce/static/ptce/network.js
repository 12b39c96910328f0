// The cooperation graph: reads the page's JSON (network-data, same filters as the page) and
// draws it with cytoscape.js, served by the app itself. The page's tables hold the same
// information for anyone without JavaScript or a pointer. The drawn graph is exposed as
// window.ptceGraph (a cytoscape instance) for tests and for the curious.
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_match, key) => String(values[key]));
  }

  function style() {
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: "data(size)",
          height: "data(size)",
          label: "data(label)",
          "font-size": 10,
          color: "#1b1b1b",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": "120px",
          "border-width": 1,
          "border-color": "#1b1b1b",
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "#767676",
          opacity: 0.6,
          "curve-style": "haystack",
        },
      },
      {
        selector: "node:selected",
        style: { "border-width": 4, "border-color": "#ffbf47" },
      },
      {
        selector: "edge.highlighted",
        style: { "line-color": "#0b4f8a", opacity: 1 },
      },
    ];
  }

  function showDetails(container, node) {
    const details = document.getElementById("graph-details");
    if (!details) return;
    const d = node.data();
    details.textContent = format(container.dataset.details, {
      label: d.label,
      family: d.family_label,
      degree: d.degree,
      betweenness: String(d.betweenness).replace(".", ","),
    });
  }

  function draw(container) {
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "pending";
    const fallback = document.getElementById("graph-nojs");
    if (fallback) fallback.hidden = true;
    const status = document.getElementById("graph-status");
    if (typeof window.cytoscape !== "function") {
      if (status) status.textContent = container.dataset.error;
      return;
    }
    fetch(container.dataset.url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((data) => {
        if (window.ptceGraph) window.ptceGraph.destroy();
        const cy = window.cytoscape({
          container: container,
          elements: { nodes: data.nodes, edges: data.edges },
          style: style(),
          layout: {
            name: "cose",
            animate: false,
            randomize: true,
            nodeRepulsion: () => 40000,
            idealEdgeLength: () => 60,
            padding: 20,
          },
          minZoom: 0.2,
          maxZoom: 4,
          wheelSensitivity: 0.3,
        });
        cy.on("tap", "node", (event) => {
          cy.edges().removeClass("highlighted");
          event.target.connectedEdges().addClass("highlighted");
          showDetails(container, event.target);
        });
        window.ptceGraph = cy;
        container.dataset.drawn = "true";
        if (status) {
          status.textContent = format(container.dataset.status, {
            nodes: cy.nodes().length,
            edges: cy.edges().length,
          });
        }
        container.dispatchEvent(new CustomEvent("ptce:graph-drawn", { bubbles: true }));
      })
      .catch(() => {
        container.dataset.drawn = "failed";
        if (status) status.textContent = container.dataset.error;
      });
  }

  function drawPageGraph() {
    draw(document.getElementById("network-graph"));
  }

  document.addEventListener("DOMContentLoaded", drawPageGraph);
  // The filters swap the results in place (htmx): the new container is drawn afresh.
  document.addEventListener("htmx:afterSettle", drawPageGraph);
})();
